/* Spinlocks that also disable interrupts on this hart while held.
 * Built on C11-style GCC atomics, so pure modules using them also build on the host. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

struct spinlock {
	int locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, (n) }

/* Plain spinlocks, for data no interrupt handler touches: cheaper on hot paths. */
static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#ifdef HOST_TEST
static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	return 0;
}
static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}
#else
#include "riscv/csr.h"

/* Interrupts off on this hart first, so an interrupt handler can never spin on a lock
 * its own hart holds. Returns whether they were on. */
static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(flags) : "r"(SSTATUS_SIE) : "memory");
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	return flags & SSTATUS_SIE;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	if (flags)
		__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}
#endif

#endif
