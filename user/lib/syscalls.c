/* One wrapper per system call the kernel offers, all through syscall6(). */
#include <stdint.h>
#include <syscall.h>
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
