/* ITIMER_REAL (setitimer(2), getitimer(2); glibc's alarm() is setitimer): SIGALRM when
 * it expires, then reloaded with its interval. The scheduler checks the deadlines each
 * time it picks a process, which the tick guarantees at least every 1/TICK_HZ s, so an
 * alarm is up to a tick late. ITIMER_VIRTUAL and ITIMER_PROF are not implemented:
 * EINVAL. The timer belongs to the thread group. Timers survive exec and are not
 * inherited by fork (Linux). */
#include <string.h>
#include "abi/errno.h"
#include "abi/itimer.h"
#include "abi/time.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

void itimer_expire(uint64_t now)
{
	struct k_siginfo info = { .si_signo = SIGALRM, .si_code = SI_KERNEL };

	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_UNUSED || p->state == PROC_EMBRYO || !thread_is_leader(p))
			continue;   /* one timer per thread group, reached through its leader */
		struct thread_group *tg = p->tg;
		if (!tg->alarm_at || now < tg->alarm_at)
			continue;
		signal_send_locked(p, &info);
		tg->alarm_at = !tg->alarm_interval || !tg->live ? 0 :
			       tg->alarm_at + tg->alarm_interval > now ?
			       tg->alarm_at + tg->alarm_interval : now + tg->alarm_interval;
	}
}

static int valid_timeval(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < USEC_PER_SEC;
}

static uint64_t timeval_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec >= UINT64_MAX / NSEC_PER_SEC ? UINT64_MAX :
	       (uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * 1000;
}

static struct timeval ns_timeval(uint64_t ns)
{
	struct timeval tv = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
	return tv;
}

/* The timer as getitimer reports it; proc_lock held. A timer due but not yet fired
 * reports the smallest non-zero time, so that it does not read as disarmed. */
static void get_real(const struct proc *p, struct itimerval *out)
{
	uint64_t now = timer_read();

	memset(out, 0, sizeof(*out));
	out->it_interval = ns_timeval(timer_to_ns(p->tg->alarm_interval));
	if (!p->tg->alarm_at)
		return;
	out->it_value = ns_timeval(p->tg->alarm_at > now ? timer_to_ns(p->tg->alarm_at - now) : 0);
	if (!out->it_value.tv_sec && !out->it_value.tv_usec)
		out->it_value.tv_usec = 1;
}

long sys_getitimer(uint64_t which, uint64_t uvalue, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct itimerval v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	get_real(current_proc(), &v);
	spin_unlock_irqrestore(&proc_lock, flags);
	return copy_to_user(uvalue, &v, sizeof(v)) ? -EFAULT : 0;
}

/* A NULL new value disarms the timer (Linux 6.1 still accepts it so). */
long sys_setitimer(uint64_t which, uint64_t unew, uint64_t uold, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	struct itimerval v, old;

	memset(&v, 0, sizeof(v));
	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew && copy_from_user(&v, unew, sizeof(v)))
		return -EFAULT;
	if (!valid_timeval(&v.it_value) || !valid_timeval(&v.it_interval))
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	get_real(p, &old);
	p->tg->alarm_at = v.it_value.tv_sec || v.it_value.tv_usec ?
		      timer_deadline_after_ns(timeval_ns(&v.it_value)) : 0;
	/* The interval in rdtime ticks (rounded up): what the deadline of that many ns
	 * after time 0 is. */
	p->tg->alarm_interval = p->tg->alarm_at ? timer_deadline_at_ns(timeval_ns(&v.it_interval)) : 0;
	spin_unlock_irqrestore(&proc_lock, flags);
	return uold && copy_to_user(uold, &old, sizeof(old)) ? -EFAULT : 0;
}
