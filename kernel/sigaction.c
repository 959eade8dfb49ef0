/* Signal actions and the mask across exec and fork (Linux flush_signal_handlers,
 * copy_sighand, copy_process): exec resets handled signals to SIG_DFL and keeps ignored
 * ones, the mask, the pending signals and ITIMER_REAL, and drops the alternate stack;
 * fork copies actions (clone without CLONE_SIGHAND, kernel/thread.c), the mask and the
 * alternate stack (not for a thread), and starts with nothing pending and no
 * timer (the child's slot starts zeroed). */
#include <string.h>
#include "abi/sched.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

void signal_exec(struct proc *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *a = &p->sighand->action[i];
		if (a->handler != SIG_IGN)
			a->handler = SIG_DFL;
		a->flags = 0;
		a->mask = 0;
	}
	memset(&p->sig_altstack, 0, sizeof(p->sig_altstack));
	spin_unlock_irqrestore(&proc_lock, flags);
}

void signal_fork(struct proc *child, const struct proc *parent, uint64_t clone_flags)
{
	child->sig_blocked = parent->sig_blocked;
	/* Linux copy_process: a child sharing the address space but not suspended like a
	 * vfork child (a thread) must not run its handlers on the parent's stack. */
	if ((clone_flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		child->sig_altstack = parent->sig_altstack;
}
