/* Waiting for another hart (kernel/spin_wait.h, docs/smp.md). */
#include "kernel/smp.h"
#include "kernel/spin_wait.h"
#include "mm/tlb.h"
#include "riscv/csr.h"

void hart_yield(void)
{
	uint64_t sie, sstatus;

	__asm__ volatile("csrr %0, sie" : "=r"(sie));
	if (!(sie & SIE_SSIE))
		return;
	__asm__ volatile("csrrc %0, sstatus, %1\n"
			 "csrs sip, %2\n"
			 "wfi"
			 : "=&r"(sstatus)
			 : "r"(SSTATUS_SIE), "r"(SIE_SSIE)
			 : "memory");
	if (sstatus & SSTATUS_SIE)
		__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void spin_wait_relax(unsigned *spins)
{
	if (++*spins < SPIN_WAIT_SPINS)
		return;
	*spins = 0;
	/* What an IPI would have done had interrupts been on: park for a panic elsewhere,
	 * answer flush requests (a hart flushing this one may hold the lock waited for). */
	if (smp_other_hart_panicking())
		smp_park();
	tlb_answer_requests();
	hart_yield();
}

void spin_wait_while_locked(const int *word)
{
	unsigned spins = 0;

	while (__atomic_load_n(word, __ATOMIC_RELAXED))
		spin_wait_relax(&spins);
}
