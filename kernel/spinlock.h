/* Spinlocks that also disable interrupts on this hart while held.
 * Built on C11-style GCC atomics, so pure modules using them also build on the host. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

struct spinlock {
	int locked;
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, (n) }

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
unsigned long spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);
#endif

#endif
