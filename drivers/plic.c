/* The platform-level interrupt controller (RISC-V PLIC specification 1.0.0): a priority
 * per source at 4 * source, an enable bit per source and context at
 * 0x2000 + 0x80 * context, and per context a priority threshold at
 * 0x200000 + 0x1000 * context with the claim/complete register 4 bytes above it. The
 * kernel uses the boot hart's S-mode context; sources get priority 1 over threshold 0. */
#include <stddef.h>
#include "drivers/plic.h"
#include "kernel/panic.h"
#include "riscv/csr.h"

#define PRIORITY(src)       (4UL * (src))
#define ENABLE(ctx, src)    (0x2000UL + 0x80UL * (ctx) + 4UL * ((src) / 32))
#define THRESHOLD(ctx)      (0x200000UL + 0x1000UL * (ctx))
#define CLAIM(ctx)          (THRESHOLD(ctx) + 4)
#define MAX_HANDLERS 4

static uintptr_t base;
static uint32_t context, ndev;
static struct { uint32_t src; void (*fn)(void); } handlers[MAX_HANDLERS];
static int nhandlers;

static volatile uint32_t *reg(uintptr_t off) { return (volatile uint32_t *)(base + off); }

void plic_init(uintptr_t va, uint32_t ctx, uint32_t sources)
{
	base = va;
	context = ctx;
	ndev = sources;
	*reg(THRESHOLD(ctx)) = 0;
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_SEIE));
}

int plic_enable(uint32_t src, void (*fn)(void))
{
	if (!base || src == 0 || src > ndev || nhandlers == MAX_HANDLERS)
		return -1;
	handlers[nhandlers].src = src;
	handlers[nhandlers++].fn = fn;
	*reg(PRIORITY(src)) = 1;
	*reg(ENABLE(context, src)) |= 1U << (src % 32);
	return 0;
}

/* Claims until the PLIC has nothing pending for this context (a claim of 0), running
 * each source's handler before completing it, so a level-triggered source that is still
 * asserted is claimed again rather than lost. */
void plic_interrupt(void)
{
	uint32_t src;

	while ((src = *reg(CLAIM(context))) != 0) {
		void (*fn)(void) = NULL;
		for (int i = 0; i < nhandlers; i++)
			if (handlers[i].src == src)
				fn = handlers[i].fn;
		BUG_ON(!fn);
		fn();
		*reg(CLAIM(context)) = src;
	}
}

