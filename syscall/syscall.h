/* System call handlers and their table (numbers in abi/syscall_nr.h). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "abi/syscall_nr.h"

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "trap/frame.h"

/* The numbers without a handler a process has been logged for (syscall/syscall.c): a bit
 * per number of the table, and the first few numbers beyond it. */
#define UNKNOWN_BEYOND_LOGGED 8
struct unknown_syscalls {
	uint64_t in_table[NR_SYSCALLS / 64];
	uint64_t beyond[UNKNOWN_BEYOND_LOGGED];
	int nbeyond;   /* UNKNOWN_BEYOND_LOGGED + 1 once further ones go unlogged */
};

typedef long (*syscall_fn)(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			   uint64_t a5);

/* Implementations, grouped by subject in syscall/sys_*.c. */
long sys_read(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_write(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_writev(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_exit(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_exit_group(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_gettid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clone3(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_futex(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_get_robust_list(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getpid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getppid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getuid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sched_yield(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_kill(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_setpgid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getpgid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getsid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_setsid(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clock_settime(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_gettimeofday(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_settimeofday(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clone(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_set_tid_address(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_execve(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_wait4(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clock_gettime(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_nanosleep(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clock_getres(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_clock_nanosleep(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_times(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getrusage(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_uname(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sysinfo(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getrandom(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sched_getaffinity(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sched_setaffinity(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getcpu(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getgroups(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_brk(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mmap(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_munmap(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mprotect(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mremap(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_msync(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mlock(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_munlock(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mlockall(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_munlockall(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mincore(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_madvise(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mlock2(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_ioctl(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_readlinkat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_newfstatat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fstat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getcwd(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_dup(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_dup3(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fcntl(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_mkdirat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_unlinkat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_symlinkat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_linkat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_ftruncate(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_faccessat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_ppoll(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_pselect6(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sendfile(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_statx(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_utimensat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fchownat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fchown(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_faccessat2(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fsync(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fdatasync(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sync(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_syncfs(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_statfs(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fstatfs(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_chdir(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fchdir(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fchmod(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_fchmodat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_openat(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_close(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_pipe2(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_memfd_create(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_socketpair(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sendto(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_recvfrom(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_shutdown(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sendmsg(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_recvmsg(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getdents64(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_lseek(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_readv(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_pread64(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_pwrite64(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_umask(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_renameat2(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_set_robust_list(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_prlimit64(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getrlimit(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_setrlimit(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* Entry stubs in trap/entry.S for the calls that need the user's whole register set. */
long syscall_clone_entry(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long syscall_clone3_entry(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long syscall_execve_entry(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
/* The entry of every number without a handler: syscall_unknown on the frame. */
long syscall_ni_entry(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigaction(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigprocmask(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigpending(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigsuspend(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigtimedwait(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigqueueinfo(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_rt_sigreturn(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_sigaltstack(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_tkill(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_tgkill(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_getitimer(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long sys_setitimer(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
long syscall_rt_sigreturn_entry(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* Handlers by number (syscall_ni_entry: not implemented); trap/entry.S calls them
 * directly. */
extern const syscall_fn syscall_table[NR_SYSCALLS];
/* A number without a handler: logs it (once per number) and returns -ENOSYS. */
long syscall_unknown(struct trap_frame *f);
#endif

#endif
