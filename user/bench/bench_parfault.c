/* Demand-zero faults in several processes at once (tools/bench.py boots it with -smp P for
 * P = 1, 2, 4 and passes P): P forked processes each write one word into every page of
 * a fresh mapping of their own (disjoint pages, separate address spaces). Under icount
 * the clock is shared by the harts, so the count from the start signal to the last
 * process done is the work of all of them: divided by every page faulted, it stays near
 * the one-process figure unless the harts fight over something (a lock they spin on
 * counts as instructions). Spinning and waiting are futex sleeps, which cost nothing
 * while asleep. With "threads" after P, P threads of one process do the same on their own
 * parts of one mapping (one address space: the faults share its lock, held shared, and
 * its page-table lock, docs/locking.md).
 *   fault_par/P           instructions per page fault, P processes
 *   fault_par_threads/P   instructions per page fault, P threads of one process */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syscall.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_thread.h"

#define PAGES 4096
#define MAX_PROCS 8

struct shared {
    volatile int ready, go, done;
};

/* Sleeps until *word is at least target (waking whoever changes it is the changer's job). */
static void wait_at_least(volatile int *word, int target)
{
    for (int v; (v = *word) < target;)
        futex(word, FUTEX_WAIT, v);
}

static void bump(volatile int *word)
{
    __atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
    futex(word, FUTEX_WAKE, MAX_PROCS);
}

static void child(struct shared *s)
{
    char *area = (char *)sys_mmap(NULL, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((long)area < 0)
        bench_fail("mmap", (long)area);
    bump(&s->ready);
    wait_at_least(&s->go, 1);
    for (long i = 0; i < PAGES; i++)
        area[i * PAGE_SIZE] = 1;
    bump(&s->done);
    sys_exit(0);
}

static struct shared thread_shared;
static char *thread_area;
static char stacks[MAX_PROCS][16384] __attribute__((aligned(16)));
static volatile int tids[MAX_PROCS];

/* A thread's part of the one mapping: PAGES pages from its index on. */
static void thread_faults(long index)
{
    struct shared *s = &thread_shared;
    char *area = thread_area + index * PAGES * PAGE_SIZE;
    bump(&s->ready);
    wait_at_least(&s->go, 1);
    for (long i = 0; i < PAGES; i++)
        area[i * PAGE_SIZE] = 1;
    bump(&s->done);
    /* Exits only once the count is taken: a thread's exit (its usage's RSS walk takes the
     * address-space lock exclusive) is not the faults' work. */
    wait_at_least(&s->go, 2);
}

static int run_threads(int threads)
{
    struct shared *s = &thread_shared;
    thread_area = (char *)sys_mmap(NULL, (unsigned long)threads * PAGES * PAGE_SIZE,
                                   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((long)thread_area < 0)
        bench_fail("mmap", (long)thread_area);
    for (long i = 0; i < threads; i++) {
        long got = bench_clone_thread(stacks[i] + sizeof(stacks[i]), &tids[i], thread_faults, i);
        if (got < 0)
            bench_fail("clone thread", got);
    }
    wait_at_least(&s->ready, threads);
    unsigned long start = instret();
    bump(&s->go);
    wait_at_least(&s->done, threads);
    unsigned long end = instret();
    bump(&s->go);
    for (int i = 0; i < threads; i++)
        bench_join_thread(&tids[i]);
    char key[32];
    snprintf(key, sizeof(key), "fault_par_threads/%d", threads);
    bench_report(key, end - start, (unsigned long)threads * PAGES);
    return bench_finish();
}

int main(int argc, char **argv)
{
    int procs = argc > 1 ? atoi(argv[1]) : 1;
    if (procs < 1 || procs > MAX_PROCS)
        bench_fail("process count", procs);
    if (argc > 2 && !strcmp(argv[2], "threads"))
        return run_threads(procs);
    struct shared *s = (struct shared *)sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if ((long)s < 0)
        bench_fail("mmap shared", (long)s);
    for (int i = 0; i < procs; i++) {
        long pid = fork();
        if (pid == 0)
            child(s);
        if (pid < 0)
            bench_fail("fork", pid);
    }
    wait_at_least(&s->ready, procs);
    unsigned long start = instret();
    bump(&s->go);
    wait_at_least(&s->done, procs);
    unsigned long end = instret();
    for (int i = 0; i < procs; i++) {
        int status;
        if (sys_wait4(-1, &status, 0, NULL) < 0 || status != 0)
            bench_fail("wait4", status);
    }
    char key[32];
    snprintf(key, sizeof(key), "fault_par/%d", procs);
    bench_report(key, end - start, (unsigned long)procs * PAGES);
    return bench_finish();
}
