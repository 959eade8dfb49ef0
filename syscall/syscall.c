/* The system call table: number in a7, arguments in a0..a5, result (or -errno) in a0,
 * as Linux riscv64 does. trap/entry.S dispatches through it. */
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "syscall/syscall.h"
#include "trap/trap.h"

/* The entries below override the default one, on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const syscall_fn syscall_table[NR_SYSCALLS] = {
	/* Not NULL: trap/entry.S calls every entry without a check. */
	[0 ... NR_SYSCALLS - 1] = syscall_ni_entry,
	[SYS_getcwd] = sys_getcwd,
	[SYS_dup] = sys_dup,
	[SYS_dup3] = sys_dup3,
	[SYS_fcntl] = sys_fcntl,
	[SYS_mkdirat] = sys_mkdirat,
	[SYS_unlinkat] = sys_unlinkat,
	[SYS_symlinkat] = sys_symlinkat,
	[SYS_linkat] = sys_linkat,
	[SYS_ftruncate] = sys_ftruncate,
	[SYS_faccessat] = sys_faccessat,
	[SYS_chdir] = sys_chdir,
	[SYS_fchdir] = sys_fchdir,
	[SYS_fchmod] = sys_fchmod,
	[SYS_fchmodat] = sys_fchmodat,
	[SYS_openat] = sys_openat,
	[SYS_close] = sys_close,
	[SYS_pipe2] = sys_pipe2,
	[SYS_getdents64] = sys_getdents64,
	[SYS_lseek] = sys_lseek,
	[SYS_readv] = sys_readv,
	[SYS_pread64] = sys_pread64,
	[SYS_pwrite64] = sys_pwrite64,
	[SYS_umask] = sys_umask,
	[SYS_renameat2] = sys_renameat2,
	[SYS_ioctl] = sys_ioctl,
	[SYS_readlinkat] = sys_readlinkat,
	[SYS_newfstatat] = sys_newfstatat,
	[SYS_fstat] = sys_fstat,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_writev] = sys_writev,
	[SYS_exit] = sys_exit,
	[SYS_exit_group] = sys_exit_group,
	[SYS_futex] = sys_futex,
	[SYS_get_robust_list] = sys_get_robust_list,
	[SYS_set_tid_address] = sys_set_tid_address,
	[SYS_set_robust_list] = sys_set_robust_list,
	[SYS_nanosleep] = sys_nanosleep,
	[SYS_clock_settime] = sys_clock_settime,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_clock_getres] = sys_clock_getres,
	[SYS_clock_nanosleep] = sys_clock_nanosleep,
	[SYS_times] = sys_times,
	[SYS_getrusage] = sys_getrusage,
	[SYS_sched_yield] = sys_sched_yield,
	[SYS_kill] = sys_kill,
	[SYS_setpgid] = sys_setpgid,
	[SYS_getpgid] = sys_getpgid,
	[SYS_getsid] = sys_getsid,
	[SYS_setsid] = sys_setsid,
	[SYS_gettimeofday] = sys_gettimeofday,
	[SYS_settimeofday] = sys_settimeofday,
	[SYS_uname] = sys_uname,
	[SYS_getpid] = sys_getpid,
	[SYS_getppid] = sys_getppid,
	[SYS_getuid] = sys_getuid,
	[SYS_geteuid] = sys_getuid,
	[SYS_getgid] = sys_getuid,
	[SYS_getegid] = sys_getuid,
	[SYS_gettid] = sys_gettid,
	[SYS_sysinfo] = sys_sysinfo,
	[SYS_brk] = sys_brk,
	[SYS_munmap] = sys_munmap,
	[SYS_mremap] = sys_mremap,
	[SYS_clone] = syscall_clone_entry,
	[SYS_clone3] = syscall_clone3_entry,
	[SYS_execve] = syscall_execve_entry,
	[SYS_mmap] = sys_mmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_msync] = sys_msync,
	[SYS_mlock] = sys_mlock,
	[SYS_munlock] = sys_munlock,
	[SYS_mlockall] = sys_mlockall,
	[SYS_munlockall] = sys_munlockall,
	[SYS_mincore] = sys_mincore,
	[SYS_madvise] = sys_madvise,
	[SYS_mlock2] = sys_mlock2,
	[SYS_wait4] = sys_wait4,
	[SYS_prlimit64] = sys_prlimit64,
	[SYS_getrlimit] = sys_getrlimit,
	[SYS_setrlimit] = sys_setrlimit,
	[SYS_getrandom] = sys_getrandom,
	[SYS_memfd_create] = sys_memfd_create,
	[SYS_socketpair] = sys_socketpair,
	[SYS_sendto] = sys_sendto,
	[SYS_recvfrom] = sys_recvfrom,
	[SYS_shutdown] = sys_shutdown,
	[SYS_sendmsg] = sys_sendmsg,
	[SYS_recvmsg] = sys_recvmsg,
	[SYS_statx] = sys_statx,
	[SYS_utimensat] = sys_utimensat,
	[SYS_fchownat] = sys_fchownat,
	[SYS_fchown] = sys_fchown,
	[SYS_faccessat2] = sys_faccessat2,
	[SYS_fsync] = sys_fsync,
	[SYS_fdatasync] = sys_fdatasync,
	[SYS_sync] = sys_sync,
	[SYS_syncfs] = sys_syncfs,
	[SYS_statfs] = sys_statfs,
	[SYS_fstatfs] = sys_fstatfs,
	[SYS_ppoll] = sys_ppoll,
	[SYS_pselect6] = sys_pselect6,
	[SYS_sendfile] = sys_sendfile,
	[SYS_rt_sigaction] = sys_rt_sigaction,
	[SYS_rt_sigprocmask] = sys_rt_sigprocmask,
	[SYS_rt_sigpending] = sys_rt_sigpending,
	[SYS_rt_sigsuspend] = sys_rt_sigsuspend,
	[SYS_rt_sigtimedwait] = sys_rt_sigtimedwait,
	[SYS_rt_sigqueueinfo] = sys_rt_sigqueueinfo,
	[SYS_sigaltstack] = sys_sigaltstack,
	[SYS_tkill] = sys_tkill,
	[SYS_tgkill] = sys_tgkill,
	[SYS_getitimer] = sys_getitimer,
	[SYS_setitimer] = sys_setitimer,
	[SYS_rt_sigreturn] = syscall_rt_sigreturn_entry,
	[SYS_sched_setaffinity] = sys_sched_setaffinity,
	[SYS_sched_getaffinity] = sys_sched_getaffinity,
	[SYS_getcpu] = sys_getcpu,
	[SYS_getgroups] = sys_getgroups,
};
#pragma GCC diagnostic pop

/* Marks nr, a number of the table, as logged for u; 1 if it was not yet. */
static int first_in_table(struct unknown_syscalls *u, uint64_t nr)
{
	uint64_t bit = 1UL << (nr % 64);
	int first = !(u->in_table[nr / 64] & bit);

	u->in_table[nr / 64] |= bit;
	return first;
}

/* The same for a number beyond the table: those are remembered up to a few; the line
 * for the one after them says (in *more) that the rest go unlogged. */
static int first_beyond(struct unknown_syscalls *u, uint64_t nr, const char **more)
{
	int remembered = u->nbeyond < UNKNOWN_BEYOND_LOGGED ? u->nbeyond : UNKNOWN_BEYOND_LOGGED;

	for (int i = 0; i < remembered; i++)
		if (u->beyond[i] == nr)
			return 0;
	if (u->nbeyond > UNKNOWN_BEYOND_LOGGED)
		return 0;
	*more = u->nbeyond == UNKNOWN_BEYOND_LOGGED ? " (further such numbers are not logged)" : "";
	if (u->nbeyond < UNKNOWN_BEYOND_LOGGED)
		u->beyond[u->nbeyond] = nr;
	u->nbeyond++;
	return 1;
}

/* A number without a handler returns -ENOSYS, and is logged once per number and
 * process: a program calling one in a loop must not flood the console. */
long syscall_unknown(struct trap_frame *f)
{
	struct proc *p = current_proc();
	uint64_t nr = f->x[REG_A7];
	const char *more;

	if (nr < NR_SYSCALLS && first_in_table(&p->unknown_syscalls, nr))
		printk("pid %d (%s): syscall %lu not implemented: ENOSYS\n", p->pid, p->name, nr);
	else if (nr >= NR_SYSCALLS && first_beyond(&p->unknown_syscalls, nr, &more))
		printk("pid %d (%s): syscall %lu does not exist: ENOSYS%s\n", p->pid, p->name, nr,
		       more);
	return -ENOSYS;
}
