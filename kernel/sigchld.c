/* SIGCHLD to the parent when a child exits, is killed, stops or continues (Linux
 * do_notify_parent, do_notify_parent_cldstop): si_pid, si_uid, and in si_status the
 * exit code or the signal. SA_NOCLDSTOP leaves stops and continues unreported; a parent
 * whose SIGCHLD is SIG_IGN, or has SA_NOCLDWAIT, has its children reaped at exit
 * (POSIX; wait4 then fails with ECHILD once none is left). */
#include <string.h>
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

int signal_notify_parent(struct proc *p, int code, int status)
{
	struct proc *parent = p->parent;
	const struct k_sigaction *act = &parent->sighand->action[SIGCHLD - 1];
	int exiting = code != CLD_STOPPED && code != CLD_CONTINUED;
	struct k_siginfo info;

	BUG_ON(!spin_holding(&proc_lock));
	if (!exiting && (act->flags & SA_NOCLDSTOP))
		return 0;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = code;
	info.u.kill.pid = p->pid;
	info.u.kill.value = (uint64_t)(uint32_t)status;   /* si_status, an int */
	signal_send_locked(parent, &info);
	return exiting && (act->handler == SIG_IGN || (act->flags & SA_NOCLDWAIT));
}
