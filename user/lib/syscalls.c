/* One wrapper per system call the kernel offers, all through syscall6(). */
#include <stdint.h>
#include <syscall.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

long syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = number;

    /* "memory": the kernel may read and write any user memory the arguments point to. */
    __asm__ volatile("ecall"
                     : "+r"(r_a0)
                     : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

#define ARG(x) ((long)(x))
#define PTR(p) ((long)(uintptr_t)(p))

long sys_read(int fd, void *buf, size_t count)
{
    return syscall6(SYS_read, fd, PTR(buf), ARG(count), 0, 0, 0);
}

long sys_write(int fd, const void *buf, size_t count)
{
    return syscall6(SYS_write, fd, PTR(buf), ARG(count), 0, 0, 0);
}

long sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
    return syscall6(SYS_writev, fd, PTR(iov), iovcnt, 0, 0, 0);
}

_Noreturn void sys_exit(int status)
{
    syscall6(SYS_exit, status, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

_Noreturn void sys_exit_group(int status)
{
    syscall6(SYS_exit_group, status, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

long sys_set_tid_address(int *tidptr)
{
    return syscall6(SYS_set_tid_address, PTR(tidptr), 0, 0, 0, 0, 0);
}

long sys_nanosleep(const struct timespec *request, struct timespec *remain)
{
    return syscall6(SYS_nanosleep, PTR(request), PTR(remain), 0, 0, 0, 0);
}

long sys_clock_gettime(int clock, struct timespec *ts)
{
    return syscall6(SYS_clock_gettime, clock, PTR(ts), 0, 0, 0, 0);
}

long sys_clock_getres(int clock, struct timespec *res)
{
    return syscall6(SYS_clock_getres, clock, PTR(res), 0, 0, 0, 0);
}

long sys_clock_nanosleep(int clock, int flags, const struct timespec *request,
                         struct timespec *remain)
{
    return syscall6(SYS_clock_nanosleep, clock, flags, PTR(request), PTR(remain), 0, 0);
}

long sys_times(struct tms *buf)
{
    return syscall6(SYS_times, PTR(buf), 0, 0, 0, 0, 0);
}

long sys_getrusage(int who, struct rusage *usage)
{
    return syscall6(SYS_getrusage, who, PTR(usage), 0, 0, 0, 0);
}

long sys_sched_yield(void)
{
    return syscall6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

long sys_kill(int pid, int sig)
{
    return syscall6(SYS_kill, pid, sig, 0, 0, 0, 0);
}

long sys_setpgid(int pid, int pgid)
{
    return syscall6(SYS_setpgid, pid, pgid, 0, 0, 0, 0);
}

long sys_getpgid(int pid)
{
    return syscall6(SYS_getpgid, pid, 0, 0, 0, 0, 0);
}

long sys_getpgrp(void)
{
    return sys_getpgid(0);
}

long sys_getsid(int pid)
{
    return syscall6(SYS_getsid, pid, 0, 0, 0, 0, 0);
}

long sys_setsid(void)
{
    return syscall6(SYS_setsid, 0, 0, 0, 0, 0, 0);
}

long sys_clock_settime(int clock, const struct timespec *ts)
{
    return syscall6(SYS_clock_settime, clock, PTR(ts), 0, 0, 0, 0);
}

long sys_gettimeofday(struct timeval *tv, struct timezone *tz)
{
    return syscall6(SYS_gettimeofday, PTR(tv), PTR(tz), 0, 0, 0, 0);
}

long sys_uname(struct utsname *buf)
{
    return syscall6(SYS_uname, PTR(buf), 0, 0, 0, 0, 0);
}

long sys_getpid(void)
{
    return syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

long sys_getppid(void)
{
    return syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
}

long sys_sysinfo(struct sysinfo *info)
{
    return syscall6(SYS_sysinfo, PTR(info), 0, 0, 0, 0, 0);
}

long sys_brk(unsigned long addr)
{
    return syscall6(SYS_brk, ARG(addr), 0, 0, 0, 0, 0);
}

long sys_munmap(void *addr, size_t length)
{
    return syscall6(SYS_munmap, PTR(addr), ARG(length), 0, 0, 0, 0);
}

long sys_clone(unsigned long flags, void *newsp, int *parent_tid, unsigned long tls,
               int *child_tid)
{
    return syscall6(SYS_clone, ARG(flags), PTR(newsp), PTR(parent_tid), ARG(tls),
                    PTR(child_tid), 0);
}

long sys_execve(const char *path, char *const argv[], char *const envp[])
{
    return syscall6(SYS_execve, PTR(path), PTR(argv), PTR(envp), 0, 0, 0);
}

long sys_mmap(void *addr, size_t length, int prot, int flags, int fd, long offset)
{
    return syscall6(SYS_mmap, PTR(addr), ARG(length), prot, flags, fd, offset);
}

long sys_mprotect(void *addr, size_t length, int prot)
{
    return syscall6(SYS_mprotect, PTR(addr), ARG(length), prot, 0, 0, 0);
}

long sys_wait4(int pid, int *status, int options, void *rusage)
{
    return syscall6(SYS_wait4, pid, PTR(status), options, PTR(rusage), 0, 0);
}

long sys_openat(int dirfd, const char *path, int flags, unsigned mode)
{
    return syscall6(SYS_openat, dirfd, PTR(path), flags, mode, 0, 0);
}

long sys_close(int fd)
{
    return syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
}

long sys_dup(int fd)
{
    return syscall6(SYS_dup, fd, 0, 0, 0, 0, 0);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
    return syscall6(SYS_dup3, oldfd, newfd, flags, 0, 0, 0);
}

long sys_fcntl(int fd, int cmd, long arg)
{
    return syscall6(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
}

long sys_pipe2(int fds[2], int flags)
{
    return syscall6(SYS_pipe2, PTR(fds), flags, 0, 0, 0, 0);
}

long sys_readv(int fd, const struct iovec *iov, int iovcnt)
{
    return syscall6(SYS_readv, fd, PTR(iov), iovcnt, 0, 0, 0);
}

long sys_pread64(int fd, void *buf, size_t count, long offset)
{
    return syscall6(SYS_pread64, fd, PTR(buf), ARG(count), offset, 0, 0);
}

long sys_pwrite64(int fd, const void *buf, size_t count, long offset)
{
    return syscall6(SYS_pwrite64, fd, PTR(buf), ARG(count), offset, 0, 0);
}

long sys_lseek(int fd, long offset, int whence)
{
    return syscall6(SYS_lseek, fd, offset, whence, 0, 0, 0);
}

long sys_ftruncate(int fd, long length)
{
    return syscall6(SYS_ftruncate, fd, length, 0, 0, 0, 0);
}

long sys_fstat(int fd, struct stat *st)
{
    return syscall6(SYS_fstat, fd, PTR(st), 0, 0, 0, 0);
}

long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    return syscall6(SYS_newfstatat, dirfd, PTR(path), PTR(st), flags, 0, 0);
}

long sys_faccessat(int dirfd, const char *path, int mode)
{
    return syscall6(SYS_faccessat, dirfd, PTR(path), mode, 0, 0, 0);
}

long sys_getdents64(int fd, void *buf, size_t count)
{
    return syscall6(SYS_getdents64, fd, PTR(buf), ARG(count), 0, 0, 0);
}

long sys_mkdirat(int dirfd, const char *path, unsigned mode)
{
    return syscall6(SYS_mkdirat, dirfd, PTR(path), mode, 0, 0, 0);
}

long sys_unlinkat(int dirfd, const char *path, int flags)
{
    return syscall6(SYS_unlinkat, dirfd, PTR(path), flags, 0, 0, 0);
}

long sys_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
                   unsigned flags)
{
    return syscall6(SYS_renameat2, olddirfd, PTR(oldpath), newdirfd, PTR(newpath), flags, 0);
}

long sys_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)
{
    return syscall6(SYS_linkat, olddirfd, PTR(oldpath), newdirfd, PTR(newpath), flags, 0);
}

long sys_symlinkat(const char *target, int newdirfd, const char *linkpath)
{
    return syscall6(SYS_symlinkat, PTR(target), newdirfd, PTR(linkpath), 0, 0, 0);
}

long sys_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
    return syscall6(SYS_readlinkat, dirfd, PTR(path), PTR(buf), ARG(size), 0, 0);
}

long sys_fchmod(int fd, unsigned mode)
{
    return syscall6(SYS_fchmod, fd, mode, 0, 0, 0, 0);
}

long sys_fchmodat(int dirfd, const char *path, unsigned mode)
{
    return syscall6(SYS_fchmodat, dirfd, PTR(path), mode, 0, 0, 0);
}

long sys_chdir(const char *path)
{
    return syscall6(SYS_chdir, PTR(path), 0, 0, 0, 0, 0);
}

long sys_fchdir(int fd)
{
    return syscall6(SYS_fchdir, fd, 0, 0, 0, 0, 0);
}

long sys_getcwd(char *buf, size_t size)
{
    return syscall6(SYS_getcwd, PTR(buf), ARG(size), 0, 0, 0, 0);
}

long sys_umask(unsigned mask)
{
    return syscall6(SYS_umask, mask, 0, 0, 0, 0, 0);
}

long sys_ioctl(int fd, unsigned long request, void *arg)
{
    return syscall6(SYS_ioctl, fd, ARG(request), PTR(arg), 0, 0, 0);
}
