/* Benchmarks on four harts (booted with -smp 4, docs/benchmarks.md). The instruction
 * counter is one clock for all harts under -icount, so each figure is the work of all of
 * them together:
 *   futex_wake_remote       two threads pinned to CPUs 0 and 1 (sched_setaffinity) hand a
 *                           token back and forth, each FUTEX_WAKE-ing the other and
 *                           FUTEX_WAIT-ing for its turn: per hand-off (the wake, the IPI,
 *                           the woken thread running on the other hart)
 *   thread_create_join/4    clone of a thread that returns at once, and the join: per
 *                           thread, any hart
 *   tlb_shootdown           mmap, one write and munmap of a page while three other threads
 *                           of the process run on CPUs 1 to 3: per munmap, every hart's
 *                           work, less the three threads' own loop (below)
 *   workload/pthread_smp4   /bin/bench_pthread (user/bench/glibc): a static glibc program
 *                           of four threads, total from fork to wait4
 * A kernel without threads answers clone(CLONE_THREAD) with EINVAL: the thread rows are
 * then reported as skipped. */
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/errno.h"
#include "bench_thread.h"

#define HARTS 4
#define HANDOFFS 2000
#define THREADS 500
#define SHOOTDOWNS 10
#define PAGE 4096

/* Runs the calling thread on the CPUs of mask only (sched_setaffinity(0, ...): pid 0 is
 * the calling thread). */
static void run_on(unsigned long mask)
{
    long r = syscall6(SYS_sched_setaffinity, 0, sizeof(mask), (long)&mask, 0, 0, 0);
    if (r < 0)
        bench_fail("sched_setaffinity", r);
}

struct thread {
    volatile int tid;   /* cleared by the kernel at the thread's exit (CLONE_CHILD_CLEARTID) */
    char stack[16384] __attribute__((aligned(16)));
};

static struct thread threads[HARTS];

static long start_thread(struct thread *t, void (*fn)(long), long arg)
{
    return bench_clone_thread(t->stack + sizeof(t->stack), &t->tid, fn, arg);
}

static void start_thread_or_fail(struct thread *t, void (*fn)(long), long arg)
{
    long got = start_thread(t, fn, arg);
    if (got < 0)
        bench_fail("clone thread", got);
}

static void join(struct thread *t)
{
    bench_join_thread(&t->tid);
}

static void ponger(long cpu)
{
    run_on(1UL << cpu);
    for (int i = 0; i < HANDOFFS; i++) {
        bench_token_wait_while(0);
        bench_token_pass(0);
    }
}

static void bench_futex_wake_remote(void)
{
    bench_token = 0;
    run_on(1UL << 0);
    start_thread_or_fail(&threads[1], ponger, 1);
    /* The first hand-off moves the worker to CPU 1 (it pins itself), so it is not timed. */
    bench_token_pass(1);
    bench_token_wait_while(1);
    unsigned long start = instret();
    for (int i = 1; i < HANDOFFS; i++) {
        bench_token_pass(1);
        bench_token_wait_while(1);
    }
    unsigned long end = instret();
    join(&threads[1]);
    bench_report("futex_wake_remote", end - start, 2 * (HANDOFFS - 1));
}

static void returns_at_once(long arg)
{
    (void)arg;
}

/* Returns 0, or -1 when threads are not supported. */
static int bench_create_join(void)
{
    unsigned long start = instret();
    for (int i = 0; i < THREADS; i++) {
        long got = start_thread(&threads[1], returns_at_once, 0);
        if (got == -EINVAL)
            return -1;
        if (got < 0)
            bench_fail("clone thread", got);
        join(&threads[1]);
    }
    bench_report("thread_create_join/4", instret() - start, THREADS);
    return 0;
}

/* tlb_shootdown. Threads on CPUs 1 to 3 keep running the address space, so each munmap
 * must flush their harts. Under -icount a running hart keeps its turn until the next timer
 * event, so nearly all of the count while main waits is theirs (about 10 million
 * instructions a call): each counts its turns of a five-instruction loop, which are
 * subtracted. What is left includes the timer ticks the four harts take meanwhile. Few
 * calls: Linux's take about 1.5 billion instructions each (benchmarks.md). */
#define SPIN_LOOP_INSTRUCTIONS 5

static volatile int stop_spinning;
static volatile int spinners_ready;
static volatile unsigned long spin_turns[HARTS][8];   /* a cache line each */

static void spinner(long cpu)
{
    run_on(1UL << cpu);
    __atomic_fetch_add(&spinners_ready, 1, __ATOMIC_SEQ_CST);
    futex(&spinners_ready, FUTEX_WAKE, 1);
    volatile unsigned long *turns = &spin_turns[cpu][0];
    unsigned long n = 0;
    __asm__ volatile("1: lw t0, 0(%[stop])\n"
                     "bnez t0, 2f\n"
                     "addi %[n], %[n], 1\n"
                     "sd %[n], 0(%[turns])\n"
                     "j 1b\n"
                     "2:\n"
                     : [n] "+r"(n)
                     : [stop] "r"(&stop_spinning), [turns] "r"(turns)
                     : "t0", "memory");
}

static unsigned long spinner_instructions(void)
{
    unsigned long total = 0;
    for (int cpu = 1; cpu < HARTS; cpu++)
        total += spin_turns[cpu][0];
    return total * SPIN_LOOP_INSTRUCTIONS;
}

static void bench_tlb_shootdown(void)
{
    run_on(1UL << 0);
    for (int cpu = 1; cpu < HARTS; cpu++)
        start_thread_or_fail(&threads[cpu], spinner, cpu);
    while (spinners_ready != HARTS - 1)
        futex(&spinners_ready, FUTEX_WAIT, spinners_ready);
    unsigned long total = 0, spun = 0;
    for (int i = 0; i < SHOOTDOWNS; i++) {
        volatile char *p = (volatile char *)sys_mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
                                                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if ((long)p < 0)
            bench_fail("mmap", (long)p);
        *p = 1;
        unsigned long spun_before = spinner_instructions(), start = instret();
        long r = sys_munmap((void *)p, PAGE);
        unsigned long end = instret();
        spun += spinner_instructions() - spun_before;
        total += end - start;
        if (r < 0)
            bench_fail("munmap", r);
    }
    stop_spinning = 1;
    for (int cpu = 1; cpu < HARTS; cpu++)
        join(&threads[cpu]);
    bench_report("tlb_shootdown", total - spun, SHOOTDOWNS);
}

static void bench_pthread_workload(void)
{
    static char *const argv[] = { "bench_pthread", NULL };
    static char *const envp[] = { "PATH=/bin", NULL };

    run_on((1UL << HARTS) - 1);   /* the child's threads inherit it */
    bench_run_program("workload/pthread_smp4", "/bin/bench_pthread", argv, envp);
}

int main(void)
{
    if (bench_create_join() == 0) {
        bench_futex_wake_remote();
        bench_tlb_shootdown();
    } else {
        bench_skip("thread_create_join/4", BENCH_THREAD_SKIP_REASON);
        bench_skip("futex_wake_remote", BENCH_THREAD_SKIP_REASON);
        bench_skip("tlb_shootdown", BENCH_THREAD_SKIP_REASON);
    }
    bench_pthread_workload();
    return bench_finish();
}
