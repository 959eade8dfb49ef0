/* Signal actions and the mask across exec and fork (Linux flush_signal_handlers,
 * copy_sighand, copy_process): exec resets handled signals to SIG_DFL and keeps ignored
 * ones, the mask, the pending signals and ITIMER_REAL, and drops the alternate stack;
 * fork copies actions, mask and alternate stack, and starts with nothing pending and no
 * timer (the child's slot starts zeroed). */
#include <string.h>
#include "kernel/sched.h"
#include "kernel/signal.h"

void signal_exec(struct proc *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *a = &p->sig_action[i];
		if (a->handler != SIG_IGN)
			a->handler = SIG_DFL;
		a->flags = 0;
		a->mask = 0;
	}
	memset(&p->sig_altstack, 0, sizeof(p->sig_altstack));
	spin_unlock_irqrestore(&proc_lock, flags);
}

void signal_fork(struct proc *child, const struct proc *parent)
{
	memcpy(child->sig_action, parent->sig_action, sizeof(child->sig_action));
	child->sig_blocked = parent->sig_blocked;
	child->sig_altstack = parent->sig_altstack;
}
