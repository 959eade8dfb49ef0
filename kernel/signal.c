/* Sending signals. A signal with a handler, or blocked, is queued with its siginfo
 * (one of each standard signal at a time, as Linux) and delivered on the way back to
 * user mode (kernel/sigdeliver.c); an ignored one is discarded when sent; any other
 * takes its default action, as Linux defines them (signal(7), kernel/signal.c):
 *   ignored: SIGCHLD, SIGURG, SIGWINCH (discarded when sent);
 *   stop: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU; continue: SIGCONT;
 *   terminate and dump core: SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
 *     SIGXCPU, SIGXFSZ, SIGSYS (bit 0x80 of the wait status; no file is written, there
 *     is no file system to write it to, and RLIMIT_CORE reads as unlimited);
 *   terminate: every other signal, the real-time ones (32-64) included.
 *
 * A fatal signal sets `killed` and wakes the process if it sleeps (the sleeping system
 * call returns, see signal_interrupts_sleep); the process dies on its way back to user mode, of the first
 * fatal signal sent. A stop signal stays pending until the process acts on it, on its
 * way back to user mode or in a sleep (which goes on once it is continued, as Linux
 * restarts such calls when there is no handler); it is then STOPPED, which its parent's
 * wait4 reports with WUNTRACED, until SIGCONT (reported with WCONTINUED) or SIGKILL.
 * As on Linux, only SIGKILL acts on a stopped process at once: other fatal signals stay
 * pending until SIGCONT, then the lowest-numbered one kills it.
 *
 * With threads (docs/threads.md), kill(2) and the kernel's signals go to the thread
 * group: queued once for the group (thread_group.sig_queued) and taken by any thread
 * that does not block them; tkill, tgkill and faults go to one thread (its own queue).
 * Default actions act on the whole group: a stop stops every thread, a fatal signal
 * kills them all, SIGCONT resumes them all.
 *
 * Init (pid 1) gets no signal it has no handler for (Linux marks it SIGNAL_UNKILLABLE):
 * kill(1, SIGKILL) succeeds and does nothing. proc_lock guards all signal state
 * (killed, sig_pending, sig_queued, sig_info, sig_blocked, sig_action, stop_report,
 * cont_report). */
#include <limits.h>
#include <string.h>
#include "lib/bitops.h"
#include "abi/errno.h"
#include "abi/signal.h"
#include "abi/wait.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

#define IGNORE_MASK (SIGMASK(SIGCHLD) | SIGMASK(SIGURG) | SIGMASK(SIGWINCH))
#define STOP_MASK (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))
#define COREDUMP_MASK                                                                   \
	(SIGMASK(SIGQUIT) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) | SIGMASK(SIGABRT) |      \
	 SIGMASK(SIGBUS) | SIGMASK(SIGFPE) | SIGMASK(SIGSEGV) | SIGMASK(SIGXCPU) |       \
	 SIGMASK(SIGXFSZ) | SIGMASK(SIGSYS))

static int in_mask(int sig, uint64_t mask)
{
	return (SIGMASK(sig) & mask) != 0;
}

static int lowest_signal(uint64_t mask)
{
	return (int)lowest_set_bit(mask) + 1;
}

enum sig_default signal_default(int sig)
{
	return in_mask(sig, IGNORE_MASK) || sig == SIGCONT ? SIG_DEFAULT_IGNORE :
	       in_mask(sig, STOP_MASK) ? SIG_DEFAULT_STOP : SIG_DEFAULT_TERMINATE;
}

int signal_wait_status(int sig)
{
	return W_SIGNALED(sig) | (in_mask(sig, COREDUMP_MASK) ? WCOREFLAG : 0);
}

/* Whether any live thread of tg is still running (not stopped, not exiting). */
static int group_running(const struct thread_group *tg)
{
	for (int i = 0; i < proc_table_used; i++) {
		const struct proc *q = &proc_table[i];
		if (thread_live(q, tg) && q->state != PROC_STOPPED && !q->exiting)
			return 1;
	}
	return 0;
}

/* The current thread p stops until continued. The group counts as stopped once every
 * thread is (Linux do_signal_stop): its parent, which may be waiting, hears it then. */
static void stop(struct proc *p, int sig)
{
	struct thread_group *tg = p->tg;

	p->state = PROC_STOPPED;
	if (!group_running(tg)) {
		tg->stop_report = sig;
		tg->cont_report = 0;
		signal_notify_parent(tg->leader, CLD_STOPPED, sig);
		wakeup_locked(tg->leader->parent);
	}
	sched();
}

int signal_stop_pending(struct proc *p)
{
	int stopped = 0;

	while (!p->killed && (p->sig_pending & STOP_MASK)) {
		int sig = lowest_signal(p->sig_pending & STOP_MASK);
		/* The SIGCONT that ends this stop would discard the other stops anyway. */
		p->sig_pending &= ~STOP_MASK;
		stop(p, sig);
		stopped = 1;
	}
	return stopped;
}

/* SIGCONT discards pending stops and resumes every stopped thread of the group, even
 * though its action is then to be ignored (Linux does this when the signal is sent, in
 * prepare_signal). A fatal signal held while stopped then kills. */
static void send_continue(struct thread_group *tg)
{
	int stopped = 0;

	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (!thread_live(q, tg))
			continue;
		q->sig_pending &= ~STOP_MASK;
		if (q->state != PROC_STOPPED)
			continue;
		stopped = 1;
		proc_make_runnable(q);
		if (q->sig_pending) {
			q->killed = lowest_signal(q->sig_pending);
			q->sig_pending = 0;
			signal_work_set(q);
		}
	}
	if (!stopped)
		return;
	tg->stop_report = 0;
	tg->cont_report = 1;
	signal_notify_parent(tg->leader, CLD_CONTINUED, SIGCONT);
	wakeup_locked(tg->leader->parent);
}

/* A stop signal stops every thread of the group (signal(7)). */
static void send_stop(struct thread_group *tg, int sig)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (!thread_live(q, tg))
			continue;
		q->sig_pending |= SIGMASK(sig);
		signal_work_set(q);
		if (q->state == PROC_SLEEPING)
			proc_make_runnable(q);   /* it stops in sleep_locked */
		else
			sched_kick_running(q);
	}
}

/* A fatal signal kills the whole group, whichever thread it was sent to (Linux
 * complete_signal): each thread dies of it on its way back to user mode. */
static void send_fatal(struct thread_group *tg, int sig)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (!thread_live(q, tg))
			continue;
		if (q->state == PROC_STOPPED && sig != SIGKILL) {
			q->sig_pending |= SIGMASK(sig);
			signal_work_set(q);
			continue;
		}
		q->killed = sig;
		signal_work_set(q);
		if (q->state == PROC_SLEEPING || q->state == PROC_STOPPED)
			proc_make_runnable(q);
		else
			sched_kick_running(q);
	}
	tg->stop_report = 0;
}

/* Whether q would take sig now (unblocked, or waited for by rt_sigtimedwait). */
static int wants(const struct proc *q, int sig)
{
	return in_mask(sig, ~q->sig_blocked | q->sig_waited) && !q->exiting;
}

/* A thread asleep is woken; one running on another hart is interrupted there, so that
 * it takes the signal on its way back to user mode (Linux signal_wake_up). */
static void wake_to_take(struct proc *q)
{
	if (q->state == PROC_SLEEPING)
		proc_make_runnable(q);
	else
		sched_kick_running(q);
}

/* Queues info for the thread p; a second instance of a queued signal is dropped. An
 * unblocked one (or one rt_sigtimedwait waits for) ends an interruptible sleep. */
static void enqueue(struct proc *p, const struct k_siginfo *info)
{
	int sig = info->si_signo;

	if (!in_mask(sig, p->sig_queued)) {
		p->sig_queued |= SIGMASK(sig);
		p->sig_info[sig - 1] = *info;
		signal_work_set(p);
	}
	if (wants(p, sig))
		wake_to_take(p);
}

/* Queues info for the group p belongs to: any thread not blocking it takes it, p if it
 * can (Linux complete_signal); that one is woken. */
static void enqueue_group(struct proc *p, const struct k_siginfo *info)
{
	struct thread_group *tg = p->tg;
	int sig = info->si_signo;

	if (!in_mask(sig, tg->sig_queued)) {
		tg->sig_queued |= SIGMASK(sig);
		tg->sig_info[sig - 1] = *info;
		/* Every thread's word, not only the taker's: one that blocks it now may
		 * unblock it later, and then its return must look (proc.h, sig_work). */
		for (int i = 0; i < proc_table_used; i++)
			if (proc_table[i].state != PROC_UNUSED && proc_table[i].tg == tg)
				signal_work_set(&proc_table[i]);
	}
	if (thread_live(p, tg) && wants(p, sig)) {
		wake_to_take(p);
		return;
	}
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (thread_live(q, tg) && wants(q, sig)) {
			wake_to_take(q);
			return;
		}
	}
}

static void send_signal(struct proc *p, const struct k_siginfo *info, int to_group)
{
	struct thread_group *tg = p->tg;
	int sig = info->si_signo;
	uint64_t handler = p->sighand->action[sig - 1].handler;
	int held = in_mask(sig, p->sig_blocked | p->sig_waited);

	BUG_ON(!spin_holding(&proc_lock));
	if (!tg->live || tg->group_exit || p->killed || (!to_group && !thread_live(p, tg)))
		return;   /* gone, or already dying of an earlier fatal signal */
	if (sig == SIGCONT)
		send_continue(tg);
	if (sig == SIGKILL || sig == SIGSTOP)
		handler = SIG_DFL;   /* they cannot be caught, blocked or ignored */
	if (!held && (handler == SIG_IGN || (handler == SIG_DFL && (tg == init_proc->tg ||
			signal_default(sig) == SIG_DEFAULT_IGNORE))))
		return;
	if (handler != SIG_DFL || (held && sig != SIGKILL && sig != SIGSTOP)) {
		if (to_group)
			enqueue_group(p, info);
		else
			enqueue(p, info);
	} else if (in_mask(sig, STOP_MASK)) {
		send_stop(tg, sig);
	} else {
		send_fatal(tg, sig);
	}
}

void signal_send_locked(struct proc *p, const struct k_siginfo *info)
{
	send_signal(p, info, 1);
}

void signal_send_thread_locked(struct proc *p, const struct k_siginfo *info)
{
	send_signal(p, info, 0);
}

int signal_dequeue(struct proc *p, uint64_t set, struct k_siginfo *info)
{
	uint64_t ready = (p->sig_queued | p->tg->sig_queued) & set;

	if (!ready)
		return 0;
	int sig = lowest_signal(ready);
	if (in_mask(sig, p->sig_queued)) {   /* the thread's own first, as Linux */
		p->sig_queued &= ~SIGMASK(sig);
		*info = p->sig_info[sig - 1];
	} else {
		p->tg->sig_queued &= ~SIGMASK(sig);
		*info = p->tg->sig_info[sig - 1];
	}
	return sig;
}

void signal_discard(struct thread_group *tg, int sig)
{
	tg->sig_queued &= ~SIGMASK(sig);
	for (int i = 0; i < proc_table_used; i++)
		if (thread_live(&proc_table[i], tg))
			proc_table[i].sig_queued &= ~SIGMASK(sig);
}

long signal_interrupts_sleep(void)
{
	struct proc *p = current_proc();

	if (!signal_pending(p))
		return 0;
	p->sig_restart_a0 = p->tf->x[REG_A0];   /* still the call's first argument */
	return -ERESTARTSYS;
}

void signal_info_user(struct k_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->u.kill.pid = current_proc()->tg->tgid;
}

/* Signals the kernel raises for a terminal or an exit (^C, SIGHUP to an orphaned group):
 * si_code SI_KERNEL, no sender, so they are safe from interrupt handlers. */
void signal_group_locked(int pgid, int sig)
{
	struct k_siginfo info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_KERNEL;
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->pgid == pgid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO &&
		    thread_is_leader(p))
			signal_send_locked(p, &info);
	}
}

/* Whether kill(pid, ...) from self is aimed at p (kill(2)): a pid names the group of
 * that thread (Linux finds any thread's id, and signals its group); the other forms
 * name each group once, through its leader. */
static int aimed_at(const struct proc *self, const struct proc *p, int pid)
{
	if (pid > 0)
		return p->pid == pid;
	if (!thread_is_leader(p))
		return 0;
	if (pid == 0)
		return p->pgid == self->pgid;
	if (pid == -1)
		return p->tg != init_proc->tg && p->tg != self->tg;
	return p->pgid == -pid;
}

/* As Linux (kill_something_info), a bad signal number is EINVAL only once a target is
 * found: with none, the answer is ESRCH. */
long proc_kill(int pid, int sig)
{
	struct proc *self = current_proc();
	int valid = sig >= 0 && sig <= NSIG, found = 0;
	struct k_siginfo info;

	signal_info_user(&info, sig, SI_USER);

	if (pid == INT_MIN)
		return -ESRCH;   /* -INT_MIN names no group */
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_UNUSED || p->state == PROC_EMBRYO || !aimed_at(self, p, pid))
			continue;
		found = 1;   /* zombies count: they exist until reaped */
		if (valid && sig)
			signal_send_locked(p, &info);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return !found ? -ESRCH : valid ? 0 : -EINVAL;
}

void signal_group(int pgid, int sig)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	signal_group_locked(pgid, sig);
	spin_unlock_irqrestore(&proc_lock, flags);
}
