/* Sessions, controlling terminals and job control (credentials(7), setsid(2),
 * ioctl_tty(2), Linux drivers/tty/tty_jobctrl.c). A session is the set of processes with
 * one sid, that of its leader; a terminal controls at most one session (t->session) and
 * lets its foreground group (t->pgrp) read. Each process keeps a pointer to its
 * controlling terminal (p->tty), inherited by fork and dropped by setsid. proc_lock
 * guards sid, pgid and p->tty; t->lock guards t->session and t->pgrp, taken inside
 * proc_lock. */
#include <stddef.h>
#include "abi/errno.h"
#include "abi/signal.h"
#include "fs/dev.h"
#include "fs/file.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"
#include "tty/tty.h"

static int live(const struct proc *p)
{
	return p->state != PROC_UNUSED && p->state != PROC_EMBRYO && p->state != PROC_ZOMBIE;
}

static void set_owner(struct tty *t, int session, int pgrp)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	t->session = session;
	t->pgrp = pgrp;
	spin_unlock_irqrestore(&t->lock, flags);
}

long sys_setsid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *self = current_proc()->tg->leader;   /* the session is the group's */
	long r = self->pid;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	/* A group leader cannot: its group would straddle two sessions. */
	for (int i = 0; i < proc_table_used && r > 0; i++)
		if (proc_table[i].state != PROC_UNUSED && proc_table[i].pgid == self->pid)
			r = -EPERM;
	if (r > 0) {
		self->sid = self->pgid = self->pid;
		self->tty = NULL;
		thread_group_copy_ids(self);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

long sys_getsid(uint64_t pid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid == 0 ? current_proc() : proc_find((int)pid);
	long r = p ? p->sid : -ESRCH;
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* Makes t the controlling terminal of p's session; proc_lock held. */
static void acquire(struct tty *t, struct proc *p)
{
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].sid == p->sid && live(&proc_table[i]))
			proc_table[i].tty = t;
	p->tty = t;   /* init is not yet runnable when it gets the console */
	set_owner(t, p->sid, p->pgid);
}

/* t stops controlling its session: every member loses it; proc_lock held. */
static void release(struct tty *t)
{
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].tty == t)
			proc_table[i].tty = NULL;
	set_owner(t, 0, 0);
}

void tty_give_init_console(struct proc *init)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	acquire(&console_tty, init);
	spin_unlock_irqrestore(&proc_lock, flags);
}

int tty_open(struct file *f, int flags)
{
	struct tty *t = tty_of(f);
	struct proc *p = current_proc();
	int r = 0;
	unsigned long lf = spin_lock_irqsave(&proc_lock);

	if (f->ip->rdev == DEV_NUMBER(5, 0) && p->tty != t)
		r = -ENXIO;   /* /dev/tty: no controlling terminal */
	else if (!(flags & O_NOCTTY) && p->sid == p->pid && !p->tty && !t->session)
		acquire(t, p);
	spin_unlock_irqrestore(&proc_lock, lf);
	return r;
}

/* A group is orphaned when no member has a parent in another group of the same
 * session, which could bring it back after a stop (POSIX, "Orphaned Process Group").
 * proc_lock held. */
static int orphaned(int pgid, int sid)
{
	for (int i = 0; i < proc_table_used; i++) {
		const struct proc *p = &proc_table[i];
		if (live(p) && p->pgid == pgid && p->parent && p->parent->pgid != pgid &&
		    p->parent->sid == sid)
			return 0;
	}
	return 1;
}

/* Linux is_ignored (drivers/tty/tty_jobctrl.c): sig blocked or SIG_IGN. proc_lock held. */
static int ignored(const struct proc *p, int sig)
{
	return (p->sig_blocked & SIGMASK(sig)) || p->sighand->action[sig - 1].handler == SIG_IGN;
}

/* Linux __tty_check_change: a background caller whose signal is blocked or ignored goes
 * on (EIO for SIGTTIN, whose read could never succeed); one of an orphaned group gets
 * EIO; any other signals its group and returns -ERESTARTSYS, so that the stop (or the
 * handler) comes on the way back to user mode and the call starts over once continued. */
int tty_job_check(struct tty *t, int sig)
{
	struct proc *p = current_proc();
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int pgrp = t->pgrp, pgid = p->pgid;
	int r = 0;

	if (p->tty == t && pgrp && pgid != pgrp) {
		if (ignored(p, sig))
			r = sig == SIGTTIN ? -EIO : 0;
		else if (orphaned(pgid, p->sid))
			r = -EIO;
		else {
			signal_group_locked(pgid, sig);
			r = -ERESTARTSYS;
		}
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* TIOCSCTTY: only a session leader without a terminal; a terminal another session
 * has is taken from it only with arg 1 (and CAP_SYS_ADMIN, which the one user has). */
long tty_set_ctty(struct tty *t, uint64_t arg)
{
	struct proc *p = current_proc();
	long r = 0;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	if (p->sid == p->pid && t->session == p->sid)
		r = 0;   /* already its own */
	else if (p->sid != p->pid || p->tty)
		r = -EPERM;
	else if (t->session && arg != 1)
		r = -EPERM;
	else {
		if (t->session)
			release(t);
		acquire(t, p);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* TIOCNOTTY: a member just lets go; the leader ends the session's hold, sending SIGHUP
 * and SIGCONT to the foreground group as Linux does (disassociate_ctty). */
long tty_drop_ctty(struct tty *t)
{
	struct proc *p = current_proc();
	int pgrp = 0;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	if (p->tty != t) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -ENOTTY;
	}
	if (p->sid == p->pid) {
		pgrp = t->pgrp;
		release(t);
	} else {
		p->tty = NULL;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	if (pgrp > 0) {
		signal_group(pgrp, SIGHUP);
		signal_group(pgrp, SIGCONT);
	}
	return 0;
}

void tty_session_leader_exit(struct proc *p)
{
	struct tty *t = p->tty;

	if (t && p->sid == p->pid)
		tty_drop_ctty(t);
}

static long put_int(uint64_t uaddr, int v)
{
	return copy_to_user(uaddr, &v, sizeof(v)) ? -EFAULT : 0;
}

long tty_get_pgrp(struct tty *t, uint64_t uaddr)
{
	if (current_proc()->tty != t)
		return -ENOTTY;
	return put_int(uaddr, t->pgrp);
}

long tty_get_sid(struct tty *t, uint64_t uaddr)
{
	if (current_proc()->tty != t)
		return -ENOTTY;
	return put_int(uaddr, t->session);
}

/* TIOCSPGRP (Linux tiocspgrp): a background caller gets SIGTTOU unless it blocks or
 * ignores it (tty_job_check; an orphaned group's -EIO is -ENOTTY here, as in Linux);
 * then the group must exist in the caller's session (EPERM). Shells block SIGTTOU. */
long tty_set_pgrp(struct tty *t, uint64_t uaddr)
{
	struct proc *p = current_proc();
	int pgrp;

	if (p->tty != t)
		return -ENOTTY;
	long err = tty_job_check(t, SIGTTOU);
	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (copy_from_user(&pgrp, uaddr, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	long r = -EPERM;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++)
		if (live(&proc_table[i]) && proc_table[i].pgid == pgrp &&
		    proc_table[i].sid == p->sid)
			r = 0;
	if (!r)
		set_owner(t, t->session, pgrp);
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}
