/* Thread benchmarks, on one hart like the others (bench_smp.c has them on four):
 *   thread_create_join  clone(CLONE_VM | CLONE_THREAD | ...) of a thread that returns at
 *                       once, and the join (futex wait for CLONE_CHILD_CLEARTID): per thread
 *   futex_wake          two threads hand a token back and forth, each FUTEX_WAKE-ing the
 *                       other and FUTEX_WAIT-ing for the token: per hand-off (the wake and
 *                       the woken thread running)
 * A kernel without threads answers clone(CLONE_THREAD) with EINVAL: both report
 * "skipped" (BENCH-SKIP) instead of failing. */
#include "abi/errno.h"
#include "bench_thread.h"

#define THREADS 1000
#define HANDOFFS 5000

/* The thread's stack: one at a time (each is joined before the next starts). */
static char stack[16384] __attribute__((aligned(16)));
static volatile int tid;

static long spawn_thread(void (*fn)(long))
{
    return bench_clone_thread(stack + sizeof(stack), &tid, fn, 0);
}

/* Waits until the kernel clears tid at the thread's exit (CLONE_CHILD_CLEARTID). */
static void join(void)
{
    bench_join_thread(&tid);
}

static void thread_returns(long arg)
{
    (void)arg;
}

/* Returns 0, or -1 when threads are not supported (reported as skipped). */
static int bench_create_join(void)
{
    unsigned long start = instret();
    for (int i = 0; i < THREADS; i++) {
        long got = spawn_thread(thread_returns);
        if (got == -EINVAL) {
            bench_skip("thread_create_join", BENCH_THREAD_SKIP_REASON);
            return -1;
        }
        if (got < 0)
            bench_fail("clone thread", got);
        join();
    }
    bench_report("thread_create_join", instret() - start, THREADS);
    return 0;
}

static void worker(long arg)
{
    (void)arg;
    for (int i = 0; i < HANDOFFS; i++) {
        bench_token_wait_while(0);
        bench_token_pass(0);
    }
}

static void bench_futex_wake(void)
{
    bench_token = 0;
    long got = spawn_thread(worker);
    if (got < 0)
        bench_fail("clone thread", got);
    unsigned long start = instret();
    for (int i = 0; i < HANDOFFS; i++) {
        bench_token_pass(1);
        bench_token_wait_while(1);
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
        bench_skip("futex_wake", BENCH_THREAD_SKIP_REASON);
    return bench_finish();
}
