/* Resource usage (Linux kernel/sys.c getrusage, kernel/exit.c wait_task_zombie).
 *
 * User and system time are measured, not sampled at the tick as Linux's tick-based
 * accounting does (the kernel runs with interrupts off, so a tick never finds it busy):
 * trap/entry.S reads rdtime once on entry from user mode, adding the stretch since its
 * last return to user mode to the hart's user_ticks, and once on that return. run() in
 * kernel/sched.c folds user_ticks into the process at each switch; the rest of the
 * process's CPU time (cpu_time) was spent in the kernel on its behalf: system time. */
#include <string.h>
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "abi/time.h"
#include "kernel/usage.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"
#include "trap/timer.h"

void usage_add(struct usage *to, const struct usage *from)
{
	to->user += from->user;
	to->min_flt += from->min_flt;
	to->nvcsw += from->nvcsw;
	to->nivcsw += from->nivcsw;
	if (from->maxrss > to->maxrss)
		to->maxrss = from->maxrss;
}

void usage_note_rss(struct proc *p)
{
	uint64_t rss = 0;
	if (p->mm) {
		mm_lock(p->mm);   /* the tables, which another thread of p may be changing */
		rss = mm_rss(p->mm);
		mm_unlock(p->mm);
	}
	if (rss > p->usage.maxrss)
		p->usage.maxrss = rss;
}

void usage_self(uint64_t *cpu, struct usage *u)
{
	struct proc *p = current_proc();

	usage_note_rss(p);
	*u = p->usage;
	u->user += this_cpu()->user_ticks;
	*cpu = p->cpu_time + (timer_read() - p->run_start);
}

void usage_process(uint64_t *cpu, struct usage *u)
{
	struct proc *self = current_proc();
	struct thread_group *tg = self->tg;

	usage_self(cpu, u);
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	*cpu += tg->exited_cpu_time;
	usage_add(u, &tg->exited_usage);
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (q != self && q->tg == tg && q->state != PROC_UNUSED && q->state != PROC_EMBRYO) {
			*cpu += q->cpu_time;
			usage_add(u, &q->usage);
		}
	}
	spin_unlock_irqrestore(&proc_lock, flags);
}

void usage_both(const struct proc *p, uint64_t *cpu, struct usage *u)
{
	*u = p->usage;
	usage_add(u, &p->tg->exited_usage);
	usage_add(u, &p->tg->children_usage);
	*cpu = p->cpu_time + p->tg->exited_cpu_time + p->tg->children_cpu_time;
}

static struct timeval to_timeval(uint64_t ticks)
{
	uint64_t ns = timer_to_ns(ticks);
	return (struct timeval){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
}

void usage_to_rusage(struct rusage *ru, uint64_t cpu, const struct usage *u)
{
	uint64_t user = u->user < cpu ? u->user : cpu;

	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = to_timeval(user);
	ru->ru_stime = to_timeval(cpu - user);
	ru->ru_maxrss = (long)(u->maxrss * (PAGE_SIZE / 1024));
	ru->ru_minflt = (long)u->min_flt;
	ru->ru_nvcsw = (long)u->nvcsw;
	ru->ru_nivcsw = (long)u->nivcsw;
}
