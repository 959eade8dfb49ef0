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
 * Init (pid 1) gets no signal it has no handler for (Linux marks it SIGNAL_UNKILLABLE):
 * kill(1, SIGKILL) succeeds and does nothing. proc_lock guards all signal state
 * (killed, sig_pending, sig_queued, sig_info, sig_blocked, sig_action, stop_report,
 * cont_report). */
#include <limits.h>
#include <string.h>
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
	return __builtin_ctzl(mask) + 1;
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

/* The current process p stops until continued; its parent may be waiting to see it. */
static void stop(struct proc *p, int sig)
{
	p->state = PROC_STOPPED;
	p->stop_report = sig;
	p->cont_report = 0;
	signal_notify_parent(p, CLD_STOPPED, sig);
	wakeup_locked(p->parent);
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

/* SIGCONT discards pending stops and resumes a stopped process, even though its action
 * is then to be ignored (Linux does this when the signal is sent, in prepare_signal). */
static void send_continue(struct proc *p)
{
	p->sig_pending &= ~STOP_MASK;
	if (p->state != PROC_STOPPED)
		return;
	proc_make_runnable(p);
	p->stop_report = 0;
	p->cont_report = 1;
	signal_notify_parent(p, CLD_CONTINUED, SIGCONT);
	wakeup_locked(p->parent);
	if (p->sig_pending) {
		p->killed = lowest_signal(p->sig_pending);
		p->sig_pending = 0;
	}
}

static void send_stop(struct proc *p, int sig)
{
	p->sig_pending |= SIGMASK(sig);
	if (p->state == PROC_SLEEPING)
		proc_make_runnable(p);   /* it stops in sleep_locked */
}

static void send_fatal(struct proc *p, int sig)
{
	if (p->state == PROC_STOPPED && sig != SIGKILL) {
		p->sig_pending |= SIGMASK(sig);
		return;
	}
	p->killed = sig;
	p->stop_report = 0;
	if (p->state == PROC_SLEEPING || p->state == PROC_STOPPED)
		proc_make_runnable(p);
}

/* Queues info for delivery; a second instance of a queued signal is dropped. An
 * unblocked one (or one rt_sigtimedwait waits for) ends an interruptible sleep. */
static void enqueue(struct proc *p, const struct k_siginfo *info)
{
	int sig = info->si_signo;

	if (!in_mask(sig, p->sig_queued)) {
		p->sig_queued |= SIGMASK(sig);
		p->sig_info[sig - 1] = *info;
	}
	if (in_mask(sig, ~p->sig_blocked | p->sig_waited) && p->state == PROC_SLEEPING)
		proc_make_runnable(p);
}

void signal_send_locked(struct proc *p, const struct k_siginfo *info)
{
	int sig = info->si_signo;
	uint64_t handler = p->sig_action[sig - 1].handler;
	int held = in_mask(sig, p->sig_blocked | p->sig_waited);

	BUG_ON(!spin_holding(&proc_lock));
	if (p->state == PROC_ZOMBIE || p->killed)
		return;   /* gone, or already dying of an earlier fatal signal */
	if (sig == SIGCONT)
		send_continue(p);
	if (sig == SIGKILL || sig == SIGSTOP)
		handler = SIG_DFL;   /* they cannot be caught, blocked or ignored */
	if (!held && (handler == SIG_IGN || (handler == SIG_DFL && (p == init_proc ||
			signal_default(sig) == SIG_DEFAULT_IGNORE))))
		return;
	if (handler != SIG_DFL || (held && sig != SIGKILL && sig != SIGSTOP))
		enqueue(p, info);
	else if (in_mask(sig, STOP_MASK))
		send_stop(p, sig);
	else
		send_fatal(p, sig);
}

int signal_pending(const struct proc *p)
{
	return __atomic_load_n(&p->killed, __ATOMIC_RELAXED) ||
	       (__atomic_load_n(&p->sig_queued, __ATOMIC_RELAXED) &
		(~p->sig_blocked | p->sig_waited));
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
	info->u.kill.pid = current_proc()->pid;
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
		if (p->pgid == pgid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO)
			signal_send_locked(p, &info);
	}
}

/* Whether kill(pid, ...) from self is aimed at p (kill(2)). */
static int aimed_at(const struct proc *self, const struct proc *p, int pid)
{
	if (pid > 0)
		return p->pid == pid;
	if (pid == 0)
		return p->pgid == self->pgid;
	if (pid == -1)
		return p != init_proc && p != self;
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
