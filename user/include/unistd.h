/* Raw system call wrappers. Each returns what the kernel put in a0: a result >= 0, or a
 * negative errno (errno.h). User addresses lie in the lower half of the address space, so
 * calls that return an address (mmap, brk) also fail exactly when the result is negative. */
#ifndef USER_UNISTD_H
#define USER_UNISTD_H

#include <stddef.h>
#include "abi/sched.h"

struct timespec;
struct timeval;
struct timezone;
struct iovec;
struct utsname;
struct sysinfo;


long sys_read(int fd, void *buf, size_t count);
long sys_write(int fd, const void *buf, size_t count);
long sys_writev(int fd, const struct iovec *iov, int iovcnt);
_Noreturn void sys_exit(int status);
_Noreturn void sys_exit_group(int status);
long sys_set_tid_address(int *tidptr);
long sys_nanosleep(const struct timespec *request, struct timespec *remain);
long sys_clock_gettime(int clock, struct timespec *ts);
long sys_clock_getres(int clock, struct timespec *res);
long sys_clock_settime(int clock, const struct timespec *ts);
long sys_gettimeofday(struct timeval *tv, struct timezone *tz);
long sys_clock_nanosleep(int clock, int flags, const struct timespec *request,
                         struct timespec *remain);
long sys_sched_yield(void);
long sys_kill(int pid, int sig);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
/* The caller's process group: getpgid(0) (riscv64 has no getpgrp system call). */
long sys_getpgrp(void);
long sys_getsid(int pid);
long sys_setsid(void);
long sys_uname(struct utsname *buf);
long sys_getpid(void);
long sys_getppid(void);
long sys_sysinfo(struct sysinfo *info);
long sys_brk(unsigned long addr);
long sys_munmap(void *addr, size_t length);
long sys_clone(unsigned long flags, void *newsp, int *parent_tid, unsigned long tls,
               int *child_tid);
long sys_execve(const char *path, char *const argv[], char *const envp[]);
long sys_mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
long sys_mprotect(void *addr, size_t length, int prot);
long sys_wait4(int pid, int *status, int options, void *rusage);

/* Files (fcntl.h, sys/stat.h, dirent.h and sys/ioctl.h have the rest). */
long sys_close(int fd);
long sys_dup(int fd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_pipe2(int fds[2], int flags);
long sys_readv(int fd, const struct iovec *iov, int iovcnt);
long sys_pread64(int fd, void *buf, size_t count, long offset);
long sys_pwrite64(int fd, const void *buf, size_t count, long offset);
long sys_lseek(int fd, long offset, int whence);
long sys_ftruncate(int fd, long length);
long sys_faccessat(int dirfd, const char *path, int mode);
long sys_unlinkat(int dirfd, const char *path, int flags);
long sys_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
                   unsigned flags);
long sys_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
long sys_symlinkat(const char *target, int newdirfd, const char *linkpath);
long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size);
long sys_chdir(const char *path);
long sys_fchdir(int fd);
long sys_getcwd(char *buf, size_t size);

/* Process creation; same return convention (child: 0, parent: child pid, or -errno). */
long fork(void);
/* The child shares the parent's memory and stack, and the parent sleeps until the child calls
 * sys_execve or sys_exit. The child must do nothing else: it may not return from the function
 * that called vfork, nor touch that function's state other than through volatile objects. */
__attribute__((returns_twice)) long vfork(void);
/* Starts the program at path in a new process (vfork + execve). Returns the child's pid, or
 * the negative errno of a failed execve (the failed child has then already been reaped). */
long spawn(const char *path, char *const argv[], char *const envp[]);

/* The environment the program was started with (set up by the start code). */
extern char **environ;

#endif
