/* The signal system calls (user/include/signal.h). */
#include <stdint.h>
#include <signal.h>
#include <syscall.h>

#define PTR(p) ((long)(uintptr_t)(p))
#define SETSIZE 8

long sys_rt_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *old)
{
    return syscall6(SYS_rt_sigaction, sig, PTR(act), PTR(old), SETSIZE, 0, 0);
}

long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *old)
{
    return syscall6(SYS_rt_sigprocmask, how, PTR(set), PTR(old), SETSIZE, 0, 0);
}

long sys_rt_sigpending(uint64_t *set)
{
    return syscall6(SYS_rt_sigpending, PTR(set), SETSIZE, 0, 0, 0, 0);
}

long sys_rt_sigsuspend(const uint64_t *mask)
{
    return syscall6(SYS_rt_sigsuspend, PTR(mask), SETSIZE, 0, 0, 0, 0);
}

long sys_rt_sigtimedwait(const uint64_t *set, struct k_siginfo *info,
                         const struct timespec *timeout)
{
    return syscall6(SYS_rt_sigtimedwait, PTR(set), PTR(info), PTR(timeout), SETSIZE, 0, 0);
}

long sys_sigaltstack(const k_stack_t *ss, k_stack_t *old)
{
    return syscall6(SYS_sigaltstack, PTR(ss), PTR(old), 0, 0, 0, 0);
}

long sys_tkill(int tid, int sig)
{
    return syscall6(SYS_tkill, tid, sig, 0, 0, 0, 0);
}

long sys_tgkill(int tgid, int tid, int sig)
{
    return syscall6(SYS_tgkill, tgid, tid, sig, 0, 0, 0);
}

long sys_rt_sigqueueinfo(int pid, int sig, const struct k_siginfo *info)
{
    return syscall6(SYS_rt_sigqueueinfo, pid, sig, PTR(info), 0, 0, 0);
}

long sys_setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
    return syscall6(SYS_setitimer, which, PTR(value), PTR(old), 0, 0, 0);
}

long sys_getitimer(int which, struct itimerval *value)
{
    return syscall6(SYS_getitimer, which, PTR(value), 0, 0, 0, 0);
}
