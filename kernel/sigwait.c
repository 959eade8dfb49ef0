/* Waiting for signals: rt_sigsuspend(2) and rt_sigtimedwait(2). */
#include "abi/errno.h"
#include "abi/time.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/user_time.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

/* Sleeps with the mask replaced until a signal is delivered. The handler's frame gets
 * the old mask (signal_handle restores it then), so the call always ends in EINTR
 * (-ERESTARTNOHAND, as Linux). */
long sys_rt_sigsuspend(uint64_t umask, uint64_t sigsetsize, uint64_t a2, uint64_t a3,
		       uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	uint64_t mask;

	if (sigsetsize != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	p->sig_saved_mask = p->sig_blocked;
	p->sig_restore_mask = 1;
	p->sig_blocked = mask & ~SIG_UNBLOCKABLE;
	while (!signal_pending(p))
		sleep_locked(&p->sig_saved_mask, 0);   /* woken by the signal's sender */
	spin_unlock_irqrestore(&proc_lock, flags);
	return -ERESTARTNOHAND;
}

/* The rdtime deadline of a relative timeout (UINT64_MAX: none), or -EINVAL/-EFAULT. */
static long timeout_deadline(uint64_t uts, uint64_t *deadline)
{
	uint64_t ns;

	*deadline = UINT64_MAX;
	if (!uts)
		return 0;
	long err = timespec_ns_from_user(uts, &ns);
	if (!err)
		*deadline = timer_deadline_after_ns(ns);
	return err;
}

/* Waits for a signal of set (normally blocked), takes it without running its handler
 * and returns its number; -EAGAIN when the timeout passes (at once for a zero one),
 * -EINTR when another signal is delivered meanwhile (Linux do_sigtimedwait). */
long sys_rt_sigtimedwait(uint64_t uset, uint64_t uinfo, uint64_t uts, uint64_t sigsetsize,
			 uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct proc *p = current_proc();
	struct k_siginfo info;
	uint64_t set, deadline;
	char zeros[SI_MAX_SIZE - sizeof(info)] = { 0 };
	long r;

	if (sigsetsize != sizeof(set))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if ((r = timeout_deadline(uts, &deadline)))
		return r;
	set &= ~SIG_UNBLOCKABLE;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	while (!(r = signal_dequeue(p, set, &info))) {
		if (timer_read() >= deadline) {
			r = -EAGAIN;
			break;
		}
		if (signal_pending(p)) {
			r = -EINTR;
			break;
		}
		p->sig_waited = set;
		sleep_locked(&p->sig_waited, deadline == UINT64_MAX ? 0 : deadline);
		p->sig_waited = 0;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	if (r > 0 && uinfo && (copy_to_user(uinfo, &info, sizeof(info)) ||
			       copy_to_user(uinfo + sizeof(info), zeros, sizeof(zeros))))
		return -EFAULT;
	return r;
}
