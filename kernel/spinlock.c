/* Spinlocks that disable interrupts on this hart while held (sstatus.SIE). */
#include "kernel/spinlock.h"

#define SSTATUS_SIE 2UL

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(flags) : "r"(SSTATUS_SIE) : "memory");
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	return flags & SSTATUS_SIE;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	if (flags)
		__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}
