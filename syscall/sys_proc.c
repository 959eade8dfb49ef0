/* Process system calls. */
#include <string.h>
#include "abi/errno.h"
#include "fs/proc/proc.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "syscall/syscall.h"
#include "mm/usercopy.h"

#define EXEC_PATH_MAX 256   /* the longest program path execve takes here */

long sys_exit(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	proc_exit(W_EXITCODE((int)code));
}

long sys_exit_group(uint64_t code, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		    uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	proc_group_exit(W_EXITCODE((int)code));
}

/* The thread group's id. */
long sys_getpid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return current_proc()->tg->tgid;
}

long sys_gettid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return current_proc()->pid;
}

/* The group's parent (a leader: its pid is that group's id). */
long sys_getppid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *parent = current_proc()->parent;
	long ppid = parent ? parent->tg->tgid : 0;
	spin_unlock_irqrestore(&proc_lock, flags);
	return ppid;
}

long sys_getuid(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return 0;   /* everything runs as root */
}

long sys_sched_yield(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	yield();
	return 0;
}

long sys_kill(uint64_t pid, uint64_t sig, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return proc_kill((int)pid, (int)sig);
}

long sys_setpgid(uint64_t pid, uint64_t pgid, uint64_t a2, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return proc_setpgid((int)pid, (int)pgid);
}

long sys_getpgid(uint64_t pid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return proc_getpgid((int)pid);
}

/* riscv64 has Linux's CONFIG_CLONE_BACKWARDS argument order: the tls before child_tid
 * (glibc's kernel-features.h for RISC-V says __ASSUME_CLONE_BACKWARDS too). */
long sys_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t tls,
	       uint64_t child_tid, uint64_t a5)
{
	(void)a5;
	/* Linux takes only the low 32 bits of clone's flags (clone3's are wider). */
	struct clone_request req = { .flags = (uint32_t)flags, .stack = newsp, .tls = tls,
				     .parent_tid = parent_tid, .child_tid = child_tid };
	return proc_clone(&req);
}

long sys_clone3(uint64_t uargs, uint64_t size, uint64_t a2, uint64_t a3, uint64_t a4,
		uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return proc_clone3(uargs, size);
}

/* Linux: the address is cleared (and futex-woken) at exit, as CLONE_CHILD_CLEARTID's. */
long sys_set_tid_address(uint64_t tidptr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	p->clear_child_tid = tidptr;
	return p->pid;
}

long sys_wait4(uint64_t pid, uint64_t status, uint64_t options, uint64_t rusage, uint64_t a4,
	       uint64_t a5)
{
	(void)a4, (void)a5;
	long r = proc_wait4((int)pid, status, (int)options, rusage);
	if (r > 0)
		proc_prune();   /* a reaped child's /proc directory goes with it */
	return r;
}

long sys_execve(uint64_t upath, uint64_t uargv, uint64_t uenvp, uint64_t a3, uint64_t a4,
		uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	char path[EXEC_PATH_MAX];
	long r = strncpy_from_user(path, upath, sizeof(path));
	return r < 0 ? r : proc_execve_user(path, uargv, uenvp);
}

/* prlimit64(2): the limit is copied in first (EFAULT), changed, then the old one copied
 * out (EFAULT then, with the change made, as Linux). */
long sys_prlimit64(uint64_t pid, uint64_t resource, uint64_t new_limit, uint64_t old_limit,
		   uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct rlimit new, old;

	if (new_limit && copy_from_user(&new, new_limit, sizeof(new)))
		return -EFAULT;
	long r = rlimit_prlimit((int)pid, (int)resource, new_limit ? &new : NULL,
				old_limit ? &old : NULL);
	if (!r && old_limit && copy_to_user(old_limit, &old, sizeof(old)))
		return -EFAULT;
	return r;
}

long sys_getrlimit(uint64_t resource, uint64_t rlim, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a2, (void)a3;
	return sys_prlimit64(0, resource, 0, rlim, a4, a5);
}

long sys_setrlimit(uint64_t resource, uint64_t rlim, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a2, (void)a3;
	return sys_prlimit64(0, resource, rlim, 0, a4, a5);
}
