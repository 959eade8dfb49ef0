/* Sleeping locks (see kernel/sleeplock.h). */
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/rwlock.h"
#include "kernel/sleeplock.h"
#include "kernel/spinlock.h"

void sleeplock_acquire(struct sleeplock *l)
{
	struct proc *p = current_proc();

	if (this_cpu()->locks_held)
		panic("sleeplock \"%s\" taken at %pS with spinlock \"%s\" held", l->name,
		      __builtin_return_address(0), this_cpu()->locks_held->name);
	rw_check_none_held("sleeplock_acquire", __builtin_return_address(0));
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	if (l->holder == p)
		panic("sleeplock \"%s\" taken twice by pid %d (at %pS)", l->name, p->pid,
		      __builtin_return_address(0));
	/* Not sleep_locked: that one returns at once for a pending signal, and the loop
	 * would spin. A signal's wakeup only makes it look again. */
	while (l->locked) {
		p->wait_channel = l;
		p->state = PROC_SLEEPING;
		l->waiting++;
		sched();
		l->waiting--;
		p->wait_channel = NULL;
	}
	l->locked = 1;
	l->holder = p;
	spin_unlock_irqrestore(&proc_lock, flags);
}

void sleeplock_release_locked(struct sleeplock *l)
{
	BUG_ON(!spin_holding(&proc_lock));
	if (l->holder != current_proc())
		panic("sleeplock \"%s\" released at %pS by pid %d, which does not hold it",
		      l->name, __builtin_return_address(0), current_proc()->pid);
	l->locked = 0;
	l->holder = NULL;
	if (l->waiting)
		wakeup_locked(l);   /* a scan of the process table: only when someone sleeps */
}

void sleeplock_release(struct sleeplock *l)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	sleeplock_release_locked(l);
	spin_unlock_irqrestore(&proc_lock, flags);
}
