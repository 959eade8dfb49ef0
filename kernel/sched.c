/* The per-hart scheduler loop, round robin over the process table, and sleep/wakeup.
 * The kernel runs with interrupts off (they are taken in user mode and while idle), so
 * on one hart nothing interrupts a scheduling decision; the table lock guards it for
 * the day other harts run processes too. */
#include "kernel/cpu.h"
#include "riscv/fpu.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "mm/kvm.h"
#include "trap/timer.h"
#include "trap/trap.h"

void context_switch(struct context *save, struct context *load);

struct proc proc_table[NPROC];
int proc_table_used;   /* slots at or above this index have never been used */
struct spinlock proc_lock = SPINLOCK_INIT("proc");

/* Next runnable process after the last one picked; ends timed sleeps that are due. */
static struct proc *pick_next(int *last)
{
	uint64_t now = timer_read();

	for (int i = 1; i <= proc_table_used; i++) {
		struct proc *p = &proc_table[(*last + i) % proc_table_used];
		if (p->state == PROC_SLEEPING && p->wake_time && now >= p->wake_time)
			p->state = PROC_RUNNABLE;
		if (p->state == PROC_RUNNABLE) {
			*last = (int)(p - proc_table);
			return p;
		}
	}
	return NULL;
}

static void idle(void)
{
	/* Interrupts on just for the wait: the tick (or any interrupt) ends it. */
	__asm__ volatile("csrs sstatus, %0\n wfi\n csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void scheduler(void)
{
	struct cpu *c = this_cpu();
	struct context self;
	uint64_t stack_lo = c->stack_lo, stack_hi = c->stack_hi;
	int last = 0;

	c->scheduler_context = &self;
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		struct proc *p = pick_next(&last);
		if (!p) {
			spin_unlock_irqrestore(&proc_lock, flags);
			idle();
			continue;
		}
		p->state = PROC_RUNNING;
		c->current = p;
		c->kernel_sp = p->kstack.hi;
		c->stack_lo = p->kstack.lo;
		c->stack_hi = p->kstack.hi;
		mm_activate(p->mm);
		fpu_switch_in(p);
		spin_unlock_irqrestore(&proc_lock, flags);

		context_switch(&self, &p->context);

		if (p->state != PROC_ZOMBIE)
			fpu_switch_out(p);

		c->current = NULL;
		c->stack_lo = stack_lo;
		c->stack_hi = stack_hi;
	}
}

void sched(void)
{
	struct cpu *c = this_cpu();
	context_switch(&c->current->context, c->scheduler_context);
}

void yield(void)
{
	current_proc()->state = PROC_RUNNABLE;
	sched();
}

void preempt_on_tick(void)
{
	yield();
}

void sleep_on(const void *chan, uint64_t wake_time)
{
	struct proc *p = current_proc();

	p->wait_channel = chan;
	p->wake_time = wake_time;
	p->state = PROC_SLEEPING;
	sched();
	p->wait_channel = NULL;
	p->wake_time = 0;
}

void wakeup(const void *chan)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state == PROC_SLEEPING && proc_table[i].wait_channel == chan)
			proc_table[i].state = PROC_RUNNABLE;
	spin_unlock_irqrestore(&proc_lock, flags);
}
