/* Signals: sending them with their default actions (kernel/signal.c), handlers and their
 * delivery (kernel/sigdeliver.c, kernel/sigframe.c), waiting for them
 * (kernel/sigwait.c), SIGCHLD (kernel/sigchld.c) and ITIMER_REAL (kernel/itimer.c).
 * proc_lock guards every process's signal state. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include "kernel/proc.h"
#include "trap/frame.h"

#define SIGMASK(sig) (1UL << ((sig) - 1))
/* SIGKILL and SIGSTOP can be neither blocked nor caught. */
#define SIG_UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

/* Kernel-internal results of interrupted system calls, never seen by user space (Linux
 * include/linux/errno.h): -ERESTARTSYS becomes -EINTR if a handler without SA_RESTART
 * runs, and restarts the call otherwise; -ERESTARTNOHAND is -EINTR whenever a handler
 * runs. */
#define ERESTARTSYS    512
#define ERESTARTNOHAND 514

enum sig_default { SIG_DEFAULT_TERMINATE, SIG_DEFAULT_IGNORE, SIG_DEFAULT_STOP };
/* What SIG_DFL does with sig (signal(7)); core-dumping signals terminate. */
enum sig_default signal_default(int sig);

/* kill(2): sig (0: only check) to pid > 0, to the caller's group (0), to every process
 * but init and the caller (-1), or to group -pid (< -1). */
long proc_kill(int pid, int sig);
/* Sends info->si_signo (1..NSIG) as its action says, proc_lock held: to p's thread
 * group (kill: any thread not blocking it takes it), or to the thread p alone (tgkill,
 * tkill, faults). Default actions act on the whole group either way. */
void signal_send_locked(struct proc *p, const struct k_siginfo *info);
void signal_send_thread_locked(struct proc *p, const struct k_siginfo *info);
/* The signals queued for p: its own and its group's. A relaxed peek: changes are made
 * under proc_lock. */
static inline uint64_t signal_queued(const struct proc *p)
{
	return __atomic_load_n(&p->sig_queued, __ATOMIC_RELAXED) |
	       __atomic_load_n(&p->tg->sig_queued, __ATOMIC_RELAXED);
}
/* Takes the lowest signal of set queued for p (its own first, then its group's): its
 * number and info, or 0. proc_lock held. */
int signal_dequeue(struct proc *p, uint64_t set, struct k_siginfo *info);
/* Drops sig from the queues of tg and of each of its threads (it became ignored). */
void signal_discard(struct thread_group *tg, int sig);
/* Whether q is a thread of tg that has not exited; proc_lock held. */
static inline int thread_live(const struct proc *q, const struct thread_group *tg)
{
	return q->tg == tg && q->state != PROC_UNUSED && q->state != PROC_EMBRYO &&
	       q->state != PROC_ZOMBIE;
}
/* A siginfo from the current process: signo, code, si_pid; the rest zero. */
void signal_info_user(struct k_siginfo *info, int sig, int code);
/* sig to every process of group pgid, from the kernel (SI_KERNEL); proc_lock held. */
void signal_group_locked(int pgid, int sig);
/* The same, taking proc_lock: callable from interrupt handlers. */
void signal_group(int pgid, int sig);
/* The Linux wait status of a process killed by sig: the core-dump bit for the signals
 * whose default action dumps core. */
int signal_wait_status(int sig);
/* For the current process p, proc_lock held: acts on pending stop signals, staying
 * stopped until continued. Returns whether it stopped. */
int signal_stop_pending(struct proc *p);

/* Tells the return to user mode to look at p's signals, after a store that may make
 * p->killed, p->sig_pending or p->sig_queued nonzero. The release orders that store
 * first; user_return_check clears the word before it reads the fields, so between the
 * two either the fields are seen or the word stays set. */
static inline void signal_work_set(struct proc *p)
{
	__atomic_store_n(&p->sig_work, 1, __ATOMIC_RELEASE);
}

/* Whether p has a signal that ends an interruptible sleep: a fatal one, or one to
 * deliver (unblocked, or waited for by rt_sigtimedwait). Inline: every return to user
 * mode asks (user_return_check), and a call would cost that leaf its leafness. */
static inline int signal_pending(const struct proc *p)
{
	return __atomic_load_n(&p->killed, __ATOMIC_RELAXED) ||
	       (signal_queued(p) & (~p->sig_blocked | p->sig_waited));
}
/* "A signal interrupts this sleep": blocking system calls ask this before they sleep
 * again (with proc_lock held if their condition needs it). 0: go on waiting;
 * -ERESTARTSYS: return it (the call is restarted or fails with EINTR, see above). */
long signal_interrupts_sleep(void);

/* signal_handle (trap/trap.h) acts on every pending signal of the current process on
 * its way back to user mode: stops, deaths, handler frames, restarts of interrupted
 * system calls. trap/entry.S saves the whole register set into f first whenever
 * user_return_check says a signal is pending (the lean-frame rule, docs/traps.md). */
/* A fault the kernel cannot resolve (Linux force_sig_fault): queued for the handler;
 * returns 0 if there is none, or the signal is blocked or ignored, and the caller then
 * kills the process. */
int signal_force_fault(int sig, int code, uint64_t addr);

/* The handler's frame on the user stack (kernel/sigframe.c): 0 or -EFAULT. */
int signal_setup_frame(struct trap_frame *f, const struct k_siginfo *info,
		       const struct k_sigaction *act, uint64_t saved_mask);
/* Where a handler returns to: the sigreturn trampoline, mapped at exec in the middle of
 * the 1 GiB gap between the mmap area and the stack, where mmap never places anything. */
#define SIGRETURN_TRAMPOLINE 0x3fdf800000UL
/* exec: the trampoline page in the new mm. */
int signal_map_trampoline(struct mm *mm);
/* exec and fork (Linux flush_signal_handlers, copy_sighand). */
void signal_exec(struct proc *p);
void signal_fork(struct proc *child, const struct proc *parent, uint64_t clone_flags);

/* Tells p's parent that p exited, was killed, stopped or continued (CLD_*, with the
 * status or signal); proc_lock held. For an exit, returns whether the parent ignores
 * SIGCHLD (SIG_IGN or SA_NOCLDWAIT): the child is then reaped at once, as Linux does. */
int signal_notify_parent(struct proc *p, int code, int status);

/* ITIMER_REAL: sends SIGALRM to every process whose timer has expired; proc_lock held. */
void itimer_expire(uint64_t now);

#endif
