/* Process groups. Every process is in one: init's is 1, and a child starts in its
 * parent's. kill() with pid 0 or -pgid signals a whole group (kernel/signal.c). Groups
 * live inside sessions (tty/session.c): a session leader's group cannot change, and a
 * process moves only to a group of its own session. setpgid and getpgid follow Linux
 * (kernel/sys.c) and the man page setpgid(2). proc_lock guards every pgid. */
#include "abi/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

static int group_exists(int pgid, int sid)
{
	for (int i = 0; i < proc_table_used; i++) {
		const struct proc *p = &proc_table[i];
		if (p->pgid == pgid && p->sid == sid && p->state != PROC_UNUSED &&
		    p->state != PROC_EMBRYO)
			return 1;
	}
	return 0;
}

/* Moves p (NULL: no such process) to group pgid on behalf of self. */
static long move_to_group(const struct proc *self, struct proc *p, int pgid)
{
	/* Only the caller itself or one of its children. */
	if (!p || (p != self && p->parent != self))
		return -ESRCH;
	/* A session leader, or a child that is in another session (it called setsid). */
	if (p->sid == p->pid || p->sid != self->sid)
		return -EPERM;
	/* A process makes a new group only with its own pid as the id; any other group
	 * must exist already, in the same session. */
	if (pgid != p->pid && !group_exists(pgid, p->sid))
		return -EPERM;
	p->pgid = pgid;
	thread_group_copy_ids(p);
	return 0;
}

/* Process groups and sessions belong to thread groups: the ids are the leader's. */
long proc_setpgid(int pid, int pgid)
{
	struct proc *self = current_proc()->tg->leader;

	if (pid == 0)
		pid = self->pid;
	if (pgid == 0)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	long r = move_to_group(self, p ? p->tg->leader : NULL, pgid);
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* Who q's parent is once gone has exited: init adopts its children. */
static const struct proc *parent_after(const struct proc *q, const struct proc *gone)
{
	return q->parent == gone ? init_proc : q->parent;
}

/* Whether group pgid is orphaned once gone has exited: no member has a parent in another
 * group of the same session, which could continue it after a stop (POSIX.1, "Orphaned
 * Process Group"). */
static int orphaned_after(int pgid, const struct proc *gone)
{
	for (int i = 0; i < proc_table_used; i++) {
		const struct proc *q = &proc_table[i], *parent = parent_after(q, gone);
		if (q == gone || q->pgid != pgid || q->state == PROC_UNUSED ||
		    q->state == PROC_EMBRYO || q->state == PROC_ZOMBIE)
			continue;
		if (parent && parent->pgid != pgid && parent->sid == q->sid)
			return 0;
	}
	return 1;
}

static int has_stopped(int pgid)
{
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].pgid == pgid && proc_table[i].state == PROC_STOPPED)
			return 1;
	return 0;
}

/* A group that p's exit orphans gets SIGHUP then SIGCONT if a member is stopped, since
 * nothing else could ever continue it (POSIX.1 _exit; Linux kill_orphaned_pgrp). */
static void hang_up_if_orphaned(int pgid, const struct proc *gone)
{
	if (orphaned_after(pgid, gone) && has_stopped(pgid)) {
		signal_group_locked(pgid, SIGHUP);
		signal_group_locked(pgid, SIGCONT);
	}
}

void pgrp_exit_orphans(struct proc *p)
{
	const struct proc *parent = p->parent;

	if (parent && parent->pgid != p->pgid && parent->sid == p->sid)
		hang_up_if_orphaned(p->pgid, p);
	for (int i = 0; i < proc_table_used; i++) {
		const struct proc *child = &proc_table[i];
		if (child->parent == p && child->state != PROC_UNUSED &&
		    child->pgid != p->pgid && child->sid == p->sid)
			hang_up_if_orphaned(child->pgid, p);
	}
}

long proc_getpgid(int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid == 0 ? current_proc() : proc_find(pid);
	long r = p ? p->pgid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}
