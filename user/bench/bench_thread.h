/* Raw threads for the benchmarks: clone(2) without a C library, and the futex calls that
 * join them and hand tokens between them (bench_thread.c, bench_smp.c, bench_parfault.c).
 * The same code runs on both kernels (tools/bench.py). */
#ifndef USER_BENCH_BENCH_THREAD_H
#define USER_BENCH_BENCH_THREAD_H

#include "abi/futex.h"
#include "abi/sched.h"
#include "bench.h"

/* What glibc's pthread_create asks for, less CLONE_SETTLS (no thread-local storage here). */
#define BENCH_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
                            CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
/* A kernel without threads answers clone(CLONE_THREAD) with EINVAL. */
#define BENCH_THREAD_SKIP_REASON "clone(CLONE_THREAD) not supported"

static inline long futex(volatile int *word, int op, int val)
{
    return syscall6(SYS_futex, (long)word, op, val, 0, 0, 0);
}

/* clone of a thread on the stack below stack_top: the child runs fn(arg) there and then
 * exit(2)s (this thread only). The kernel stores the thread's id in *tid and clears it at
 * the thread's exit (CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID), so a join waits on *tid.
 * In the child every register but a0 is the parent's, so fn and arg are still in theirs
 * when it reaches the jalr. Returns the thread id or a negative errno. */
static inline long bench_clone_thread(char *stack_top, volatile int *tid, void (*fn)(long),
                                      long arg)
{
    register long a0 __asm__("a0") = BENCH_THREAD_FLAGS;
    register long a1 __asm__("a1") = (long)stack_top;
    register long a2 __asm__("a2") = (long)tid;
    register long a3 __asm__("a3") = 0;
    register long a4 __asm__("a4") = (long)tid;
    register long a7 __asm__("a7") = SYS_clone;
    __asm__ volatile("ecall\n"
                     "bnez a0, 1f\n"
                     "mv a0, %[arg]\n"
                     "jalr %[fn]\n"
                     "li a0, 0\n"
                     "li a7, %[nr_exit]\n"
                     "ecall\n"
                     "1:\n"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7), [fn] "r"(fn),
                       [arg] "r"(arg), [nr_exit] "i"(SYS_exit)
                     : "ra", "memory");
    return a0;
}

/* Waits until the kernel clears *tid at the thread's exit. */
static inline void bench_join_thread(volatile int *tid)
{
    for (int seen; (seen = *tid) != 0;)
        futex(tid, FUTEX_WAIT, seen);
}

/* A token two threads hand back and forth (futex_wake rows): 1 while it is the worker's
 * turn, 0 while it is main's. */
static volatile int bench_token;

/* Sleeps while the token is value. */
static inline void bench_token_wait_while(int value)
{
    while (bench_token == value)
        futex(&bench_token, FUTEX_WAIT, value);
}

/* Sets the token and wakes the other thread. */
static inline void bench_token_pass(int value)
{
    bench_token = value;
    futex(&bench_token, FUTEX_WAKE, 1);
}

#endif
