/* Signal system calls: actions, the mask, pending signals, the alternate stack, and
 * sending to one process with a siginfo (tkill, tgkill, rt_sigqueueinfo). Signal sets
 * are 64 bits: sigsetsize must be 8, as Linux's _NSIG / 8 on riscv64. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

#define SS_AUTODISARM (1U << 31)

static int valid_signal(uint64_t sig)
{
	return sig >= 1 && sig <= NSIG;
}

/* rt_sigaction(2). Making a signal ignored discards it if pending (POSIX; Linux
 * do_sigaction). */
long sys_rt_sigaction(uint64_t sig, uint64_t uact, uint64_t uoact, uint64_t sigsetsize,
		      uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct proc *p = current_proc();
	struct k_sigaction act, old;

	if (sigsetsize != sizeof(act.mask) || !valid_signal(sig) ||
	    (uact && (SIGMASK(sig) & SIG_UNBLOCKABLE)))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	old = p->sighand->action[sig - 1];
	if (uact) {
		act.mask &= ~SIG_UNBLOCKABLE;
		p->sighand->action[sig - 1] = act;
		if (act.handler == SIG_IGN ||
		    (act.handler == SIG_DFL && signal_default((int)sig) == SIG_DEFAULT_IGNORE))
			signal_discard(p->tg, (int)sig);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return uoact && copy_to_user(uoact, &old, sizeof(old)) ? -EFAULT : 0;
}

/* rt_sigprocmask(2). A signal it unblocks is delivered on the way back to user mode. */
long sys_rt_sigprocmask(uint64_t how, uint64_t uset, uint64_t uoset, uint64_t sigsetsize,
			uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct proc *p = current_proc();
	uint64_t set = 0, old;

	if (sigsetsize != sizeof(set))
		return -EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	set &= ~SIG_UNBLOCKABLE;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	old = p->sig_blocked;
	if (uset)
		p->sig_blocked = how == SIG_BLOCK ? old | set : how == SIG_UNBLOCK ? old & ~set : set;
	spin_unlock_irqrestore(&proc_lock, flags);
	return uoset && copy_to_user(uoset, &old, sizeof(old)) ? -EFAULT : 0;
}

/* rt_sigpending(2): the blocked signals waiting. Linux accepts a smaller size. */
long sys_rt_sigpending(uint64_t uset, uint64_t sigsetsize, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();

	if (sigsetsize > sizeof(uint64_t))
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	uint64_t set = signal_queued(p) & p->sig_blocked;
	spin_unlock_irqrestore(&proc_lock, flags);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* sigaltstack(2), Linux do_sigaltstack: no change while running on it (EPERM), flags
 * 0, SS_ONSTACK (taken as 0) or SS_DISABLE with SS_AUTODISARM (accepted, not acted on),
 * at least MINSIGSTKSZ bytes (ENOMEM). */
long sys_sigaltstack(uint64_t uss, uint64_t uoss, uint64_t a2, uint64_t a3, uint64_t a4,
		     uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	k_stack_t ss, old = p->sig_altstack;
	uint64_t sp = p->tf->x[REG_SP];
	int on = old.ss_size && sp > old.ss_sp && sp - old.ss_sp <= old.ss_size;

	old.ss_flags = on ? SS_ONSTACK : old.ss_size ? 0 : SS_DISABLE;
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;
		int mode = ss.ss_flags & ~(int)SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE)
			memset(&ss, 0, sizeof(ss));
		else if (ss.ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		ss.ss_flags = 0;
		p->sig_altstack = ss;
	}
	return uoss && copy_to_user(uoss, &old, sizeof(old)) ? -EFAULT : 0;
}

/* Sends to the thread pid (tgid > 0: which must be of that group; 0: any group) or,
 * for a tgid < 0, to the group of the thread pid; ESRCH before EINVAL for a bad number, as Linux's
 * do_send_specific; signal 0 only checks. */
static long send_to(int tgid, int pid, const struct k_siginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (p && tgid > 0 && p->tg->tgid != tgid)
		p = NULL;   /* a thread of another group */
	long r = !p ? -ESRCH : info->si_signo < 0 || info->si_signo > NSIG ? -EINVAL : 0;

	if (!r && info->si_signo && tgid >= 0)
		signal_send_thread_locked(p, info);
	else if (!r && info->si_signo)
		signal_send_locked(p, info);
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

long sys_tkill(uint64_t tid, uint64_t sig, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct k_siginfo info;

	if ((int)tid <= 0)
		return -EINVAL;
	signal_info_user(&info, (int)sig, SI_TKILL);
	return send_to(0, (int)tid, &info);
}

long sys_tgkill(uint64_t tgid, uint64_t tid, uint64_t sig, uint64_t a3, uint64_t a4,
		uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct k_siginfo info;

	if ((int)tid <= 0 || (int)tgid <= 0)
		return -EINVAL;
	signal_info_user(&info, (int)sig, SI_TKILL);
	return send_to((int)tgid, (int)tid, &info);
}

/* rt_sigqueueinfo(2): the caller's siginfo, but a code that claims the kernel or
 * kill(2) sent it only to oneself (EPERM otherwise, Linux do_rt_sigqueueinfo). */
long sys_rt_sigqueueinfo(uint64_t pid, uint64_t sig, uint64_t uinfo, uint64_t a3,
			 uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct k_siginfo info;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && (int)pid != current_proc()->pid)
		return -EPERM;
	info.si_signo = (int)sig;
	return send_to(-1, (int)pid, &info);
}
