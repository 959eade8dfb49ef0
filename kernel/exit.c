/* Leaving: one thread (exit(2)), the whole thread group (exit_group(2), a fatal
 * signal), and the group's end, when its last thread has gone (Linux kernel/exit.c
 * do_exit, do_group_exit, exit_notify). docs/threads.md tells the story. */
#include "abi/wait.h"
#include "drivers/power.h"
#include "kernel/futex.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/uvm.h"
#include "tty/tty.h"

/* p's children go to init (proc_lock held), which waits only for the children it forked
 * itself (the shell and the test runner wait for one pid at a time). So the kernel reaps
 * the orphans it gives init: those already dead now, the others when they exit (the
 * scheduler frees them once they are off their stacks). For init it is as if SIGCHLD
 * were ignored for adopted children only: POSIX says such children leave no zombie, and
 * wait4 blocks while any is alive, then fails with ECHILD. getppid() in an orphan says 1,
 * as on Linux. The threads of a child group name the same parent as their leader. */
static void reparent_children(struct proc *p)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *child = &proc_table[i];
		if (child->state == PROC_UNUSED || child->parent != p)
			continue;
		child->parent = init_proc;
		if (!thread_is_leader(child))
			continue;
		child->adopted = 1;
		if (child->state == PROC_ZOMBIE && !child->tg->unfinished)
			proc_release(child);
	}
}

/* The last thread of p's group has given back what it held (proc_lock held): the group
 * is a zombie for its parent's wait4, with the leader's pid and the group's status. */
static void group_dead(struct proc *p)
{
	struct thread_group *tg = p->tg;
	struct proc *leader = tg->leader;
	int status = tg->group_exit ? tg->group_exit_status :
		     leader == p ? p->wait_status : leader->wait_status;

	leader->wait_status = status;
	pgrp_exit_orphans(leader);
	reparent_children(leader);
	if (signal_notify_parent(leader, !(status & 0x7f) ? CLD_EXITED :
				 (status & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED,
				 (status & 0x7f) ? status & 0x7f : (status >> 8) & 0xff))
		leader->adopted = 1;   /* the parent ignores SIGCHLD: nobody waits for it */
	if (leader->adopted) {
		if (leader == p)
			p->autoreap = 1;
		else
			proc_release(leader);   /* a zombie already, off its stack */
	}
	wakeup_locked(leader->parent);   /* init, for an orphan: its wait4 may now fail */
}

void proc_exit(int wait_status)
{
	struct proc *p = current_proc();
	struct thread_group *tg = p->tg;

	unsigned long flags = spin_lock_irqsave(&proc_lock);
	p->exiting = 1;
	int last = --tg->live == 0;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (last && tg == init_proc->tg) {
		int status = tg->group_exit ? tg->group_exit_status : wait_status;
		int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
		printk("init exited with status %d; powering off\n", code);
		power_off(code);
	}
	if (last)
		tty_session_leader_exit(tg->leader);
	futex_exit_robust_list(p);
	proc_clear_child_tid();
	/* Leave the address space before dropping it: satp must never name a freed root, nor
	 * this hart's active_mm a freed mm. */
	mm_deactivate();
	usage_note_rss(p);
	struct mm *mm = p->mm;
	struct fd_table *fdt = p->fdt;
	struct fs_info *fs = p->fs;
	flags = spin_lock_irqsave(&proc_lock);   /* /proc reads these under it */
	p->mm = NULL;
	p->fdt = NULL;
	p->fs = NULL;
	spin_unlock_irqrestore(&proc_lock, flags);
	mm_put(mm);
	fpu_forget(p);
	fd_table_put(fdt);
	fs_info_put(fs);

	/* Held through the switch away (the scheduler releases it): until then no parent on
	 * another hart can see the zombie and free the stack this code still runs on. */
	(void)spin_lock_irqsave(&proc_lock);
	if (p->vfork_parent) {
		p->vfork_parent = NULL;
		wakeup_locked(p);
	}
	p->wait_status = wait_status;
	if (!thread_is_leader(p))
		p->autoreap = 1;   /* nobody waits for a thread but its group's end */
	if (--tg->unfinished == 0)
		group_dead(p);   /* not at `last`: another thread may still be freeing its part */
	p->state = PROC_ZOMBIE;
	sched();
	panic("zombie %d ran again", p->pid);
}

/* Marks every other live thread of p's group to die of SIGKILL and wakes those that
 * sleep or are stopped; proc_lock held. */
static void kill_threads_but(struct proc *p)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (q == p || !thread_live(q, p->tg))
			continue;
		q->killed = SIGKILL;
		signal_work_set(q);
		if (q->state == PROC_SLEEPING || q->state == PROC_STOPPED)
			proc_make_runnable(q);
	}
}

void proc_group_exit(int wait_status)
{
	struct proc *p = current_proc();
	struct thread_group *tg = p->tg;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	if (!tg->group_exit) {
		tg->group_exit = 1;
		tg->group_exit_status = wait_status;
		kill_threads_but(p);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	proc_exit(tg->group_exit_status);
}

/* Whether a thread of p's group other than p is not yet a zombie; proc_lock held. */
static int other_thread_running(const struct proc *p)
{
	for (int i = 0; i < proc_table_used; i++)
		if (&proc_table[i] != p && thread_live(&proc_table[i], p->tg))
			return 1;
	return 0;
}

/* Kills the other threads of p's group and waits until every one is a zombie off its
 * stack (the leader, if that is not p, included); proc_lock held. group_exit keeps
 * new threads and signals out meanwhile. 0, or -EINTR if the group is dying anyway. */
static long kill_other_threads(struct proc *p, unsigned long flags)
{
	struct thread_group *tg = p->tg;

	if (tg->group_exit || p->killed)
		return -EINTR;
	tg->group_exit = 1;
	tg->group_exit_status = signal_wait_status(SIGKILL);
	kill_threads_but(p);
	while (other_thread_running(p)) {
		spin_unlock_irqrestore(&proc_lock, flags);
		yield();   /* the others run to their exits; nothing there needs to wake us */
		flags = spin_lock_irqsave(&proc_lock);
	}
	tg->group_exit = 0;
	return 0;
}

/* p takes the place of its group's leader (Linux de_thread, exchange_tids): the leader's
 * pid, parent, children, process group and session; the old leader's slot is freed. */
static void take_leader_place(struct proc *p)
{
	struct thread_group *tg = p->tg;
	struct proc *leader = tg->leader;

	leader->pid = p->pid;
	p->pid = tg->tgid;
	p->parent = leader->parent;
	p->adopted = leader->adopted;
	p->pgid = leader->pgid;
	p->sid = leader->sid;
	p->tty = leader->tty;
	p->start_time = leader->start_time;
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].state != PROC_UNUSED && proc_table[i].parent == leader)
			proc_table[i].parent = p;
	if (init_proc == leader)
		init_proc = p;
	tg->leader = p;
	proc_release(leader);   /* no longer the leader: its times go to the group */
}

long proc_de_thread(void)
{
	struct proc *p = current_proc();
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	long err = 0;

	if (p->tg->live > 1 || !thread_is_leader(p))
		err = kill_other_threads(p, flags);
	if (!err && !thread_is_leader(p))
		take_leader_place(p);
	spin_unlock_irqrestore(&proc_lock, flags);
	return err;
}
