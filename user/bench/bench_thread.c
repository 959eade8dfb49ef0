/* Thread benchmarks, on one hart like the others (bench_smp.c has them on four):
 *   thread_create_join  clone(CLONE_VM | CLONE_THREAD | ...) of a thread that returns at
 *                       once, and the join (futex wait for CLONE_CHILD_CLEARTID): per thread
 *   futex_wake          two threads hand a token back and forth, each FUTEX_WAKE-ing the
 *                       other and FUTEX_WAIT-ing for the token: per hand-off (the wake and
 *                       the woken thread running)
 * A kernel without threads answers clone(CLONE_THREAD) with EINVAL: both report
 * "skipped" (BENCH-SKIP) instead of failing. */
#include "abi/errno.h"
#include "abi/sched.h"
#include "bench.h"

#define THREADS 1000
#define HANDOFFS 5000

/* futex(2) (linux/futex.h); the number is asm-generic's. */
#define BENCH_NR_futex 98
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
                      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define SKIP_REASON "clone(CLONE_THREAD) not supported"

static long futex(volatile int *word, int op, int val)
{
    return syscall6(BENCH_NR_futex, (long)word, op, val, 0, 0, 0);
}

/* The thread's stack: one at a time (each is joined before the next starts). */
static char stack[16384] __attribute__((aligned(16)));
static volatile int tid;

/* clone with a new stack: the child runs fn(arg) there and then exit(2)s (this thread
 * only). In the child every register but a0 is the parent's, so fn and arg are still in
 * theirs when it reaches the jalr. Returns the thread id or a negative errno. */
static long spawn_thread(void (*fn)(void *), void *arg)
{
    register long a0 __asm__("a0") = THREAD_FLAGS;
    register long a1 __asm__("a1") = (long)(stack + sizeof(stack));
    register long a2 __asm__("a2") = (long)&tid;
    register long a3 __asm__("a3") = 0;
    register long a4 __asm__("a4") = (long)&tid;
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

/* Waits until the kernel clears tid at the thread's exit (CLONE_CHILD_CLEARTID). */
static void join(void)
{
    int seen;
    while ((seen = tid) != 0)
        futex(&tid, FUTEX_WAIT, seen);
}

static void thread_returns(void *arg)
{
    (void)arg;
}

/* Returns 0, or -1 when threads are not supported (reported as skipped). */
static int bench_create_join(void)
{
    unsigned long start = instret();
    for (int i = 0; i < THREADS; i++) {
        long got = spawn_thread(thread_returns, NULL);
        if (got == -EINVAL) {
            bench_skip("thread_create_join", SKIP_REASON);
            return -1;
        }
        if (got < 0)
            bench_fail("clone thread", got);
        join();
    }
    bench_report("thread_create_join", instret() - start, THREADS);
    return 0;
}

/* The token: 1 while it is the worker's turn, 0 while it is main's. */
static volatile int token;

static void wait_while(int value)
{
    while (token == value)
        futex(&token, FUTEX_WAIT, value);
}

static void pass_token(int value)
{
    token = value;
    futex(&token, FUTEX_WAKE, 1);
}

static void worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < HANDOFFS; i++) {
        wait_while(0);
        pass_token(0);
    }
}

static void bench_futex_wake(void)
{
    token = 0;
    long got = spawn_thread(worker, NULL);
    if (got < 0)
        bench_fail("clone thread", got);
    unsigned long start = instret();
    for (int i = 0; i < HANDOFFS; i++) {
        pass_token(1);
        wait_while(1);
    }
    unsigned long end = instret();
    join();
    bench_report("futex_wake", end - start, 2 * HANDOFFS);
}

int main(void)
{
    if (bench_create_join() == 0)
        bench_futex_wake();
    else
        bench_skip("futex_wake", SKIP_REASON);
    return bench_finish();
}
