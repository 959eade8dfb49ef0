/* Sleeping locks, for data a process works on across a sleep or a user copy (where a
 * spinlock may not be held: docs/locking.md), as xv6's sleeplocks: a process that finds
 * the lock taken sleeps until it is given back. The sleep is uninterruptible: signals
 * are acted on once the caller is done with the lock. The state is under proc_lock. */
#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H

struct proc;

struct sleeplock {
	int locked;
	int waiting;           /* processes asleep for it: a release without any wakes none */
	struct proc *holder;   /* NULL when free */
	const char *name;
};

#define SLEEPLOCK_INIT(n) { .name = (n) }

/* Takes l for the current process, sleeping while another one holds it; panics if the
 * caller holds it already or holds a spinlock. */
void sleeplock_acquire(struct sleeplock *l);
/* Gives l back and wakes its waiters; panics unless the current process holds it. */
void sleeplock_release(struct sleeplock *l);
/* The same for a caller holding proc_lock (so that it can sleep on something else in
 * the same critical section, without a lost wakeup). */
void sleeplock_release_locked(struct sleeplock *l);

#endif
