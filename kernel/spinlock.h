/* Spinlocks that check how they are used. Each records the hart holding it and where it
 * was taken, and each hart keeps the list of locks it holds, so that a misuse is a panic
 * naming the lock and both places instead of a silent hang (as xv6's holding() and
 * push_off() do): taking a lock this hart already holds, releasing one it does not hold,
 * and switching away while holding a lock the scheduler does not expect (kernel/sched.c).
 * Host builds (HOST_TEST) of the pure modules get plain versions without the checks,
 * built on the same GCC atomics. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

struct cpu;

struct spinlock {
	int locked;
	const char *name;
	struct cpu *owner;   /* the hart holding it, NULL when free */
	void *pc;            /* where it was last taken */
};

#define SPINLOCK_INIT(n) { .name = (n) }

#ifdef HOST_TEST
static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	spin_lock(l);
	return 0;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	spin_unlock(l);
}
#else
/* Plain spinlocks, for data no interrupt handler touches: interrupts stay as they are. */
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* Interrupts off on this hart first, so an interrupt handler can never spin on a lock
 * its own hart holds. Returns whether they were on; unlocking turns them back on then. */
unsigned long spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);

/* Whether this hart holds l. */
int spin_holding(const struct spinlock *l);
/* Panics, naming what was called from where, unless this hart holds l and no other lock. */
void spin_check_only_held(const struct spinlock *l, const char *what, void *caller);
#endif

#endif
