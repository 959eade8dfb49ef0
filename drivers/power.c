/* Power-off paths: the sifive,test finisher, SBI SRST, and parking the hart. */
#include "drivers/power.h"
#include "kernel/printk.h"
#include "riscv/sbi.h"

/* sifive,test0/1 finisher (QEMU hw/misc/sifive_test.c): FAIL with the code in the
 * upper 16 bits, PASS with the value the device tree gives (0x5555). */
#define FINISHER_FAIL 0x3333

static volatile uint32_t *finisher;
static uint32_t pass_value;

void power_use_syscon(const struct dt_poweroff *p, uintptr_t va)
{
	if (!p->base)
		return;
	finisher = (volatile uint32_t *)(va + p->offset);
	pass_value = p->value;
}

void power_off(int status)
{
	if (finisher)
		*finisher = status == 0 ? pass_value : ((uint32_t)(status & 0xffff) << 16) | FINISHER_FAIL;
	struct sbiret r = sbi_system_reset(SBI_RESET_SHUTDOWN,
					   status ? SBI_RESET_REASON_FAILURE : SBI_RESET_REASON_NONE);
	printk("power: SBI shutdown failed (error %ld); halting this hart (status %d)\n",
	       r.error, status);
	for (;;) {
		__asm__ volatile("csrw sie, zero");
		__asm__ volatile("wfi");
	}
}
