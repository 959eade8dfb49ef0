/* Signals. There are no handlers yet, so every signal takes its default action, as
 * Linux defines them (signal(7), kernel/signal.c):
 *   ignored: SIGCHLD, SIGURG, SIGWINCH (discarded when sent);
 *   stop: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU; continue: SIGCONT;
 *   terminate and dump core: SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
 *     SIGXCPU, SIGXFSZ, SIGSYS (bit 0x80 of the wait status; no file is written, there
 *     is no file system to write it to, and RLIMIT_CORE reads as unlimited);
 *   terminate: every other signal, the real-time ones (32-64) included.
 *
 * A fatal signal sets `killed` and wakes the process if it sleeps (the sleeping system
 * call returns -EINTR); the process dies on its way back to user mode, of the first
 * fatal signal sent. A stop signal stays pending until the process acts on it, on its
 * way back to user mode or in a sleep (which goes on once it is continued, as Linux
 * restarts such calls when there is no handler); it is then STOPPED, which its parent's
 * wait4 reports with WUNTRACED, until SIGCONT (reported with WCONTINUED) or SIGKILL.
 * As on Linux, only SIGKILL acts on a stopped process at once: other fatal signals stay
 * pending until SIGCONT, then the lowest-numbered one kills it.
 *
 * Init (pid 1) gets no signal it has no handler for, that is none at all (Linux marks it
 * SIGNAL_UNKILLABLE): kill(1, SIGKILL) succeeds and does nothing. proc_lock guards all
 * signal state (killed, sig_pending, stop_report, cont_report). */
#include <limits.h>
#include "abi/errno.h"
#include "abi/signal.h"
#include "abi/wait.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

#define SIGMASK(sig) (1UL << ((sig) - 1))
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

int signal_deliver(struct proc *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	signal_stop_pending(p);
	int sig = p->killed;
	spin_unlock_irqrestore(&proc_lock, flags);
	return sig;
}

/* SIGCONT discards pending stops and resumes a stopped process, even though its action
 * is then to be ignored (Linux does this when the signal is sent, in prepare_signal). */
static void send_continue(struct proc *p)
{
	p->sig_pending &= ~STOP_MASK;
	if (p->state != PROC_STOPPED)
		return;
	p->state = PROC_RUNNABLE;
	p->stop_report = 0;
	p->cont_report = 1;
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
		p->state = PROC_RUNNABLE;   /* it stops in sleep_locked */
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
		p->state = PROC_RUNNABLE;
}

/* Sends sig (1..NSIG) to p with its default action; proc_lock held. */
static void send(struct proc *p, int sig)
{
	if (p->state == PROC_ZOMBIE || p == init_proc)
		return;
	if (sig == SIGCONT)
		send_continue(p);
	else if (in_mask(sig, IGNORE_MASK) || p->killed)
		return;   /* ignored, or already dying of an earlier fatal signal */
	else if (in_mask(sig, STOP_MASK))
		send_stop(p, sig);
	else
		send_fatal(p, sig);
}

void signal_group_locked(int pgid, int sig)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->pgid == pgid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO)
			send(p, sig);
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

	if (pid == INT_MIN)
		return -ESRCH;   /* -INT_MIN names no group */
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_UNUSED || p->state == PROC_EMBRYO || !aimed_at(self, p, pid))
			continue;
		found = 1;   /* zombies count: they exist until reaped */
		if (valid && sig)
			send(p, sig);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return !found ? -ESRCH : valid ? 0 : -EINVAL;
}
