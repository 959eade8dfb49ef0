/* clone(2) and clone3(2): a new process or thread sharing what the flags say (Linux
 * kernel/fork.c copy_process). Threads are processes that share the address space
 * (CLONE_VM), descriptor table (CLONE_FILES), cwd and umask (CLONE_FS), signal actions
 * (CLONE_SIGHAND) and thread group (CLONE_THREAD); docs/threads.md. */
#include <string.h>
#include "abi/errno.h"
#include "abi/sched.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"

/* Namespaces, pidfds and tracing are not implemented: their flags are refused. */
#define CLONE_UNSUPPORTED (CLONE_PIDFD | CLONE_PTRACE | CLONE_NEWNS | CLONE_UNTRACED | \
			   CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
			   CLONE_NEWPID | CLONE_NEWNET | CLONE_INTO_CGROUP)
#define CLONE_KNOWN (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		     CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | \
		     CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
		     CLONE_DETACHED | CLONE_CHILD_SETTID | CLONE_IO | CLONE_CLEAR_SIGHAND | \
		     CLONE_UNSUPPORTED)

/* copy_process's checks, in its order (clone(2) ERRORS). */
static long check_flags(uint64_t flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* Threads share signal handlers, which need a shared address space. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* Init's siblings would have no parent to reap them (SIGNAL_UNKILLABLE). */
	if ((flags & CLONE_PARENT) && current_proc()->tg == init_proc->tg)
		return -EINVAL;
	if ((flags & ~CLONE_KNOWN) || (flags & CLONE_UNSUPPORTED))
		return -EINVAL;
	return 0;
}

/* Drops what a child that never ran holds, and its slot. */
static void undo(struct proc *child)
{
	if (child->mm)
		mm_put(child->mm);
	if (child->fdt)
		fd_table_put(child->fdt);
	if (child->fs)
		fs_info_put(child->fs);
	proc_discard(child);
}

/* The shared or copied structures of clone's flags; -ENOMEM if a copy fails. */
static long share_or_copy(struct proc *child, struct proc *parent, uint64_t flags)
{
	if (flags & CLONE_VM) {
		mm_get(parent->mm);
		child->mm = parent->mm;
	} else {
		mm_lock(parent->mm);   /* the parent's other threads may change it meanwhile */
		child->mm = mm_fork(parent->mm);
		mm_unlock(parent->mm);
		if (!child->mm)
			return -ENOMEM;
	}
	if (flags & CLONE_FILES) {
		fd_table_get(parent->fdt);
		child->fdt = parent->fdt;
	} else if (!(child->fdt = fd_table_copy(parent->fdt))) {
		return -ENOMEM;
	}
	if (flags & CLONE_FS) {
		fs_info_get(parent->fs);
		child->fs = parent->fs;
	} else if (!(child->fs = fs_info_copy(parent->fs))) {
		return -ENOMEM;
	}
	unsigned long irq = spin_lock_irqsave(&proc_lock);   /* the actions' guard */
	if (flags & CLONE_SIGHAND) {
		sighand_get(parent->sighand);
		child->sighand = parent->sighand;
	} else {
		child->sighand = sighand_copy(parent->sighand);
	}
	if (child->sighand && (flags & CLONE_CLEAR_SIGHAND))
		for (int i = 0; i < NSIG; i++)   /* Linux flush_signal_handlers(p, 0) */
			if (child->sighand->action[i].handler != SIG_IGN)
				child->sighand->action[i] = (struct k_sigaction){ 0 };
	if (flags & CLONE_THREAD) {
		__atomic_fetch_add(&parent->tg->refs, 1, __ATOMIC_RELAXED);
		child->tg = parent->tg;
		signal_work_set(child);   /* the group's queue may hold signals (proc.h) */
	} else if ((child->tg = thread_group_create(child->pid, child))) {
		memcpy(child->tg->rlim, parent->tg->rlim, sizeof(child->tg->rlim));
	}
	spin_unlock_irqrestore(&proc_lock, irq);
	return child->sighand && child->tg ? 0 : -ENOMEM;
}

/* The vfork parent waits until the child has its own image or is gone (exec and exit
 * clear vfork_parent, then wake the child's channel). */
static void vfork_wait(struct proc *parent, struct proc *child, int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	while (child->pid == pid && child->vfork_parent == parent && !parent->killed)
		sleep_locked(child, 0);
	spin_unlock_irqrestore(&proc_lock, flags);
}

/* Makes child runnable as a member of its group, unless the group is being killed
 * meanwhile (Linux copy_process: fatal_signal_pending). */
static long start(struct proc *child, struct proc *parent, uint64_t flags)
{
	unsigned long irq = spin_lock_irqsave(&proc_lock);
	long err = parent->tg->group_exit || parent->killed ? -EINTR : 0;

	if (!err) {
		if (flags & CLONE_THREAD) {
			child->tg->live++;
			child->tg->unfinished++;
		}
		if (flags & CLONE_VFORK)
			child->vfork_parent = parent;
		proc_make_runnable(child);
	}
	spin_unlock_irqrestore(&proc_lock, irq);
	return err;
}

long proc_clone(const struct clone_request *req)
{
	struct proc *parent = current_proc();
	uint64_t flags = req->flags;
	long err = check_flags(flags);

	if (err)
		return err;
	/* RLIMIT_NPROC counts every thread, all being root's. (Linux exempts root; here the
	 * limit is kept as for an ordinary user, so that it means something.) */
	if ((uint64_t)proc_count() >= rlimit(parent, RLIMIT_NPROC))
		return -EAGAIN;
	struct proc *child = proc_alloc();
	if (!child)
		return -EAGAIN;
	if ((err = share_or_copy(child, parent, flags))) {
		undo(child);
		return err;
	}
	rlimit_to_mm(child);
	fpu_copy(child, parent);
	child->cpus_allowed = parent->cpus_allowed;   /* sched_setaffinity(2): inherited */
	signal_fork(child, parent, flags);
	*child->tf = *parent->tf;
	child->tf->x[REG_A0] = 0;
	if (req->stack)
		child->tf->x[REG_SP] = req->stack;
	if (flags & CLONE_SETTLS)
		child->tf->x[REG_TP] = req->tls;
	memcpy(child->name, parent->name, sizeof(child->name));
	memcpy(child->exe, parent->exe, sizeof(child->exe));
	/* A thread's or CLONE_PARENT child's parent is the caller's; another child's is the
	 * caller's group (its leader), which any of the group's threads may wait for. */
	child->parent = flags & (CLONE_PARENT | CLONE_THREAD) ? parent->parent : parent->tg->leader;
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	child->tty = parent->tty;
	clone_store_tids(child, flags, req->parent_tid, req->child_tid);
	int pid = child->pid;
	if ((err = start(child, parent, flags))) {
		undo(child);
		return err;
	}
	if (flags & CLONE_VFORK)
		vfork_wait(parent, child, pid);
	return pid;
}

/* clone3's checks (Linux copy_clone_args_from_user, clone3_args_valid). */
static long clone3_request(const struct clone_args *a, uint64_t size, struct clone_request *req)
{
	if (a->set_tid_size > 32 || (!a->set_tid && a->set_tid_size) ||
	    (a->set_tid && !a->set_tid_size))
		return -EINVAL;
	if ((a->exit_signal & ~(uint64_t)CSIGNAL) || a->exit_signal > NSIG)
		return -EINVAL;
	if ((a->flags & CLONE_INTO_CGROUP) && (a->cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (a->flags & (CLONE_DETACHED | CSIGNAL))
		return -EINVAL;
	if ((a->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return -EINVAL;
	if (!a->stack != !a->stack_size)
		return -EINVAL;   /* a stack needs its size, and a size its stack */
	if (a->stack && !user_range_ok(a->stack, a->stack_size))
		return -EINVAL;
	if (a->set_tid_size)
		return -EINVAL;   /* choosing the pid (pid namespaces) is not implemented */
	req->flags = a->flags | a->exit_signal;
	req->stack = a->stack ? a->stack + a->stack_size : 0;   /* the stack grows down */
	req->tls = a->tls;
	req->parent_tid = a->parent_tid;
	req->child_tid = a->child_tid;
	return 0;
}

long proc_clone3(uint64_t uargs, uint64_t size)
{
	struct clone_args a;
	struct clone_request req;

	/* copy_struct_from_user: a larger block from a newer ABI is fine if what this
	 * kernel does not know of is zero. */
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	if (copy_from_user(&a, uargs, size < sizeof(a) ? size : sizeof(a)))
		return -EFAULT;
	for (uint64_t off = sizeof(a); off < size; off++) {
		unsigned char c;
		if (copy_from_user(&c, uargs + off, 1))
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	long err = clone3_request(&a, size, &req);
	return err ? err : proc_clone(&req);
}
