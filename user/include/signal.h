/* Linux signals: the kernel's numbers, structures and constants (abi/signal.h,
 * abi/ucontext.h) and raw wrappers of the signal system calls (user/lib/signal.c), which
 * return a result >= 0 or a negative errno. Signal sets are 64-bit masks, bit sig - 1. */
#ifndef USER_SIGNAL_H
#define USER_SIGNAL_H

#include "abi/signal.h"
#include "abi/ucontext.h"
#include "abi/itimer.h"

#define SIGBIT(sig) (1UL << ((sig) - 1))

struct timespec;

long sys_rt_sigaction(int sig, const struct k_sigaction *act, struct k_sigaction *old);
long sys_rt_sigprocmask(int how, const uint64_t *set, uint64_t *old);
long sys_rt_sigpending(uint64_t *set);
long sys_rt_sigsuspend(const uint64_t *mask);
long sys_rt_sigtimedwait(const uint64_t *set, struct k_siginfo *info,
                         const struct timespec *timeout);
long sys_sigaltstack(const k_stack_t *ss, k_stack_t *old);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_rt_sigqueueinfo(int pid, int sig, const struct k_siginfo *info);
long sys_setitimer(int which, const struct itimerval *value, struct itimerval *old);
long sys_getitimer(int which, struct itimerval *value);

#endif
