/* Power-off paths: the syscon-poweroff device, SBI SRST, and parking the hart. */
#include "drivers/console_tx.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "riscv/sbi.h"

/* The sifive,test0/1 finisher (QEMU hw/misc/sifive_test.c) also takes FAIL with an exit
 * code in the upper 16 bits, which QEMU exits with; other devices just get the value the
 * device tree gives. */
#define FINISHER_FAIL 0x3333

static volatile uint32_t *syscon_reg;
static struct dt_poweroff syscon;

void power_use_syscon(const struct dt_poweroff *p, uintptr_t va)
{
	if (!p->base)
		return;
	syscon_reg = (volatile uint32_t *)(va + p->offset);
	syscon = *p;
}

/* The binding's write: value under mask, the register's other bits kept (Linux's
 * syscon-poweroff driver does regmap_update_bits). A failure status goes to a sifive,test
 * finisher in its own encoding instead. */
static void syscon_power_off(volatile uint32_t *reg, int status)
{
	if (syscon.sifive_test && status != 0)
		*reg = ((uint32_t)(status & 0xffff) << 16) | FINISHER_FAIL;
	else if (syscon.mask == ~0u)
		*reg = syscon.value;
	else
		*reg = (*reg & ~syscon.mask) | (syscon.value & syscon.mask);
}

void power_off(int status)
{
	/* Tried once: if the write faults, the fault report's own power_off goes on to
	 * SBI instead of faulting on it again, for ever. */
	volatile uint32_t *reg = syscon_reg;

	console_tx_drain();
	syscon_reg = NULL;
	if (reg)
		syscon_power_off(reg, status);
	struct sbiret r = sbi_system_reset(SBI_RESET_SHUTDOWN,
					   status ? SBI_RESET_REASON_FAILURE : SBI_RESET_REASON_NONE);
	printk("power: SBI shutdown failed (error %ld); halting this hart (status %d)\n",
	       r.error, status);
	for (;;) {
		__asm__ volatile("csrw sie, zero");
		__asm__ volatile("wfi");
	}
}
