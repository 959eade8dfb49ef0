/* Trap dispatch on scause (privileged spec, "Supervisor Cause Register"). */
#include <stdint.h>
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "mm/memlayout.h"
#include "drivers/plic.h"
#include "trap/extable.h"
#include "trap/timer.h"
#include "trap/trap.h"
#include "tty/tty.h"

static int is_page_fault(uint64_t code)
{
	return code == EXC_INST_PAGE_FAULT || code == EXC_LOAD_PAGE_FAULT ||
	       code == EXC_STORE_PAGE_FAULT;
}

static void kernel_exception(struct trap_frame *f)
{
	struct cpu *c = this_cpu();
	uint64_t code = f->scause;

	/* A fault on the guard page below the stack, or one that entry.S had to move to the
	 * emergency stack, is a stack overflow. */
	if (f->x[REG_SP] < c->stack_lo ||
	    (is_page_fault(code) && f->stval < c->stack_lo && f->stval >= c->stack_lo - PAGE_SIZE))
		kernel_fault(f, "kernel stack overflow");

	uint64_t fixup = extable_fixup(f->sepc);
	if (fixup && is_page_fault(code) && f->stval < USER_TOP &&
	    user_fault_from_kernel(f->stval, code) == 0)
		return;
	if (fixup) {
		f->sepc = fixup;
		return;
	}
	kernel_fault(f, "unhandled trap in the kernel");
}

void trap_handler(struct trap_frame *f)
{
	int from_user = !(f->sstatus & SSTATUS_SPP);

	if (f->scause & SCAUSE_INTERRUPT) {
		uint64_t irq = f->scause & ~SCAUSE_INTERRUPT;
		if (irq == IRQ_S_TIMER) {
			timer_tick();
			if (this_cpu()->index == 0)   /* a polled console, read by one hart */
				tty_console_tick();
			if (from_user)
				preempt_on_tick();
		} else if (irq == IRQ_S_EXT) {
			plic_interrupt();
		} else if (irq == IRQ_S_SOFT) {
			smp_ipi_received();
		} else {
			kernel_fault(f, "unexpected interrupt");
		}
		if (from_user && user_return_check())
			signal_handle(f);
		return;
	}
	if (!from_user) {
		kernel_exception(f);
		return;
	}
	user_exception(f);
	if (user_return_check())
		signal_handle(f);
}
