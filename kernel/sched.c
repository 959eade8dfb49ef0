/* The per-hart scheduler loop, round robin over the process table, and sleep/wakeup.
 *
 * One lock, proc_lock, guards every process's state and the table (as xv6's proc locks
 * do, but one for the table). It is held across every switch: a process takes it, sets
 * its state and calls sched(); the scheduler returns from the switch still holding it and
 * releases it; the next process was picked and is entered with it held, and releases it
 * once it runs (after sched() returns, or in proc_entry_unlock for a new process). So no
 * other hart can run a process, or reap it, between its change of state and the moment
 * it is off its kernel stack; and a condition tested under the lock cannot change before
 * the sleeper is asleep, because wakeup() takes the same lock (no lost wakeups).
 *
 * The kernel runs with interrupts off (they are taken in user mode and while idle).
 *
 * Every hart runs this loop over the one table (docs/smp.md): a process runs on one hart
 * at a time because only a RUNNABLE one is picked, under the lock, and it becomes
 * RUNNABLE again only under the lock it then holds until it is off its kernel stack. A
 * hart with nothing to run waits in wfi, marked in idle_cpus; making a process runnable
 * sends one such hart an IPI (sched_kick), so a wakeup does not wait for a tick. */
#include <stddef.h>
#include "lib/bitops.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "riscv/fpu.h"
#include "kernel/rwlock.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "mm/uvm.h"
#include "trap/timer.h"
#include "trap/trap.h"

void context_switch(struct context *save, struct context *load);
/* kernel/switch.S's offsets. */
_Static_assert(offsetof(struct context, s) == 16 && offsetof(struct context, gp) == 112 &&
	       offsetof(struct context, t) == 120 && sizeof(struct context) == 152,
	       "context layout");

/* Not cleared at entry with .bss (linker.ld, .noinit): half a megabyte, 0.1 million
 * instructions of boot. A slot is cleared when first taken (kernel/proc.c, take_slot), and
 * nothing reads the slots at or above proc_table_used, which have never been taken. */
struct proc proc_table[NPROC] __attribute__((section(".noinit")));
int proc_table_used;   /* slots at or above this index have never been used */
struct spinlock proc_lock = SPINLOCK_INIT("proc");
/* Harts waiting in idle() for something to run (bit i: cpus[i]); under proc_lock. */
static uint64_t idle_cpus;

/* sched_kick without its check, for the scheduler's own paths. */
static void kick(const struct proc *p)
{
	uint64_t candidates = idle_cpus & p->cpus_allowed;
	if (!candidates)
		return;
	/* One hart is enough; it leaves the set so the next wakeup picks another. An idle
	 * hart's own tick or another IPI may have woken it already: then it finds the
	 * process itself, or nothing, which is harmless. */
	uint64_t one = candidates & -candidates;
	idle_cpus &= ~one;
	smp_send_ipi(one);
}

void sched_kick(const struct proc *p)
{
	BUG_ON(!spin_holding(&proc_lock));
	kick(p);
}

void sched_kick_running(const struct proc *p)
{
	BUG_ON(!spin_holding(&proc_lock));
	if (p->state != PROC_RUNNING)
		return;
	/* cpus[i].current changes only under proc_lock (run()). */
	uint64_t others = __atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE) &
			  ~(1UL << this_cpu()->index);
	for (; others; others &= others - 1) {
		int i = (int)lowest_set_bit(others);
		if (cpus[i].current == p) {
			smp_send_ipi(1UL << i);
			return;
		}
	}
}

void proc_make_runnable(struct proc *p)
{
	BUG_ON(!spin_holding(&proc_lock));
	p->state = PROC_RUNNABLE;
	if (idle_cpus)
		kick(p);
}

/* Next runnable process this hart may run, after the last one it picked; ends timed
 * sleeps that are due (on whichever hart looks first: the table is shared). */
static struct proc *pick_next(struct cpu *c, int *last)
{
	uint64_t now = timer_read();
	uint64_t self = 1UL << c->index;

	itimer_expire(now);
	for (int i = 1; i <= proc_table_used; i++) {
		struct proc *p = &proc_table[(*last + i) % proc_table_used];
		if (p->state == PROC_SLEEPING && p->wake_time && now >= p->wake_time)
			proc_make_runnable(p);
		if (p->state == PROC_RUNNABLE && (p->cpus_allowed & self)) {
			*last = (int)(p - proc_table);
			return p;
		}
	}
	return NULL;
}

static void idle(void)
{
	/* wfi with interrupts still off: it ends once an interrupt enabled in sie is
	 * pending, whatever sstatus.SIE says (privileged spec, "Wait for Interrupt"), and
	 * only then are interrupts turned on, to take it. An IPI sent since this hart marked
	 * itself idle is pending already and ends the wait at once. (Turned on before the
	 * wfi, an IPI taken between the two would be consumed, and the wfi would then wait
	 * for the next one: with its tick stopped, for ever.) */
	timer_idle_enter();
	__asm__ volatile("wfi\n csrs sstatus, %0\n csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	timer_idle_exit();
}

/* Runs p until it gives the hart back. Entered and left with proc_lock held (see the top
 * of the file): until this returns, no other hart can pick or reap p. */
static void run(struct cpu *c, struct context *self, struct proc *p)
{
	uint64_t stack_lo = c->stack_lo, stack_hi = c->stack_hi;

	BUG_ON(p->state != PROC_RUNNABLE || c->current);   /* pick_next checked affinity */
	p->state = PROC_RUNNING;
	if (!(p->kstack.cpus & (1UL << c->index))) {
		sfence_vma_all();   /* this hart may hold a stale view of the stack's slot */
		p->kstack.cpus |= 1UL << c->index;
	}
	c->current = p;
	frame_set_cpu(p->tf, c);
	c->stack_lo = p->kstack.lo;
	c->stack_hi = p->kstack.hi;
	/* A process on its way out may sleep after dropping its address space (closing a
	 * pipe waits for the pipe's sleeplock, kernel/exit.c): it runs on the kernel's tables. */
	if (p->mm)
		mm_activate(p->mm);
	else
		mm_deactivate();
	fpu_switch_in(p);
	p->run_start = timer_read();
	c->user_ticks = 0;

	context_switch(self, &p->context);

	p->cpu_time += timer_read() - p->run_start;
	p->usage.user += c->user_ticks;   /* kernel/usage.c */
	c->current = NULL;
	c->stack_lo = stack_lo;
	c->stack_hi = stack_hi;
	if (p->state != PROC_ZOMBIE)
		fpu_switch_out(p);
	else if (p->autoreap)
		proc_release(p);   /* a thread, or an orphan: nobody waits for it (kernel/exit.c) */
}

void scheduler(void)
{
	struct cpu *c = this_cpu();
	struct context self;
	struct proc *prev = NULL;   /* what this hart ran last, if it is still runnable */
	int last = 0;

	c->scheduler_context = &self;
	for (;;) {
		/* Nothing held, nothing running on this hart (kernel/spinlock.h keeps the list). */
		rw_check_none_held("scheduler()", __builtin_return_address(0));
		if (c->locks_held || c->current)
			panic("scheduler on hart %u with spinlock \"%s\" held or pid %d current",
			      c->hartid, c->locks_held ? c->locks_held->name : "(none)",
			      c->current ? c->current->pid : 0);
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		idle_cpus &= ~(1UL << c->index);
		struct proc *p = pick_next(c, &last);
		/* The process this hart ran, preempted or yielding, is passed over for another:
		 * an idle hart may run it meanwhile. (A kick at every preemption would cost an
		 * IPI a tick for each busy process that this hart takes straight back.) */
		if (prev && prev != p && prev->state == PROC_RUNNABLE && idle_cpus)
			kick(prev);
		prev = NULL;
		if (p) {
			run(c, &self, p);
			prev = p->state == PROC_RUNNABLE ? p : NULL;
		} else {
			idle_cpus |= 1UL << c->index;
		}
		spin_unlock_irqrestore(&proc_lock, flags);
		if (!p) {
			page_cache_drain();
			idle();
		}
	}
}

/* A new process's first switch lands here (through proc_entry in kernel/switch.S, which
 * then goes on to trap_return): release the lock the scheduler switched with. Interrupts
 * stay off until sret restores the user's. */
void proc_entry_unlock(void)
{
	spin_unlock_irqrestore(&proc_lock, 0);
}

void sched(void)
{
	struct cpu *c = this_cpu();
	void *caller = __builtin_return_address(0);
	uint64_t sstatus;

	/* Only the table lock may be held: another lock would stay taken while other
	 * processes run, and one of them could spin on it forever. */
	spin_check_only_held(&proc_lock, "sched()", caller);
	rw_check_none_held("sched()", caller);
	__asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
	if (sstatus & SSTATUS_SIE)
		panic("sched() called from %pS with interrupts on", caller);
	if (!c->current)
		panic("sched() called from %pS outside a process", caller);
	if (c->current->state == PROC_RUNNING)
		panic("sched() called from %pS for pid %d still RUNNING", caller, c->current->pid);
	/* Linux __schedule: a task that leaves runnable was preempted or yielded (nivcsw);
	 * one that sleeps or stops gives the CPU up (nvcsw). */
	if (c->current->state == PROC_RUNNABLE)
		c->current->usage.nivcsw++;
	else
		c->current->usage.nvcsw++;
	/* Off p's tables while p still holds its mm: once p is off this hart, another thread of
	 * it may free them (mm_put), and this hart must not name them any more. */
	mm_deactivate();
	context_switch(&c->current->context, c->scheduler_context);
}

void yield(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = current_proc();

	/* If its affinity changed so that this hart may not pick it again, a hart it may
	 * use has to hear of it. (Otherwise this hart's scheduler kicks an idle hart only if
	 * it picks another process instead: see scheduler().) */
	p->state = PROC_RUNNABLE;
	if (idle_cpus && !(p->cpus_allowed & (1UL << this_cpu()->index)))
		kick(p);
	sched();
	spin_unlock_irqrestore(&proc_lock, flags);
}

void preempt_on_tick(void)
{
	yield();
}

void sleep_locked(const void *chan, uint64_t wake_time)
{
	struct proc *p = current_proc();

	/* A fatal signal ends the sleep before it starts; a stop signal is acted on here,
	 * and the caller tests its condition again once the process is continued. */
	if (p->killed || signal_stop_pending(p))
		return;
	p->wait_channel = chan;
	p->wake_time = wake_time;
	p->state = PROC_SLEEPING;
	sched();
	p->wait_channel = NULL;
	p->wake_time = 0;
}

void sleep_on(const void *chan, uint64_t wake_time)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	sleep_locked(chan, wake_time);
	spin_unlock_irqrestore(&proc_lock, flags);
}

void wakeup_locked(const void *chan)
{
	BUG_ON(!spin_holding(&proc_lock));
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].state == PROC_SLEEPING && proc_table[i].wait_channel == chan)
			proc_make_runnable(&proc_table[i]);
}

void wakeup(const void *chan)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	wakeup_locked(chan);
	spin_unlock_irqrestore(&proc_lock, flags);
}
