/* System call, process and scheduling benchmarks:
 *   getpid          one getpid round trip (ecall, dispatch, return to user), averaged over
 *                   CALLS calls, each a bare ecall in a loop (about 3 loop instructions each)
 *   yield_switch    one context switch: two processes call sched_yield in turn; instructions
 *                   per switch that really happened (see bench_yield)
 *   fork_exec_wait  fork, execve of a static program (/bin/bench_true) that returns from
 *                   main at once, its exit, and the parent's wait4: per program run
 *   signal          kill(getpid(), SIGUSR1) to a process with a handler: the kill call,
 *                   delivery (signal frame), the handler, and rt_sigreturn; per signal */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "bench.h"

#define CALLS 100000
#define YIELDS 10000
#define EXECS 100
#define SIGNALS 10000

static void bench_getpid(void)
{
    unsigned long start = instret();
    for (int i = 0; i < CALLS; i++) {
        register long a0 __asm__("a0");
        register long a7 __asm__("a7") = SYS_getpid;
        __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
    }
    bench_report("getpid", instret() - start, CALLS);
}

static void wait_for_success(long pid)
{
    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail("child", got < 0 ? got : status);
}

/* Who ran last and how many times that changed, in a page both processes share. On one
 * hart only one of them runs at a time, so plain (volatile) updates cannot race. */
struct yield_state {
    volatile long last;
    volatile long switches;
    volatile long done;
};

static void note_running(struct yield_state *st, long me)
{
    if (st->last != me) {
        st->last = me;
        st->switches++;
    }
}

/* Counts the switches that happened rather than assuming one per call: Linux's CFS often
 * returns from sched_yield to the caller (the other task's vruntime is larger), so a
 * count of calls would credit it with switches it never made. */
static void bench_yield(void)
{
    long addr = sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (addr < 0)
        bench_fail("mmap shared", addr);
    struct yield_state *st = (struct yield_state *)addr;
    st->last = 1;

    long pid = fork();
    if (pid == 0) {
        note_running(st, 2);
        while (!st->done) {
            sys_sched_yield();
            note_running(st, 2);
        }
        sys_exit(0);
    }
    if (pid < 0)
        bench_fail("fork", pid);

    unsigned long start = instret();
    long switches_before = st->switches;
    for (int i = 0; i < YIELDS; i++) {
        sys_sched_yield();
        note_running(st, 1);
    }
    unsigned long end = instret();
    long switches = st->switches - switches_before;
    st->done = 1;
    wait_for_success(pid);
    if (switches <= 0)
        bench_fail("no switch in sched_yield", switches);
    bench_report("yield_switch", end - start, (unsigned long)switches);
    sys_munmap(st, PAGE_SIZE);
}

static void bench_fork_exec(void)
{
    static char *const argv[] = { "bench_true", NULL };
    static char *const envp[] = { NULL };

    unsigned long start = instret();
    for (int i = 0; i < EXECS; i++) {
        long pid = fork();
        if (pid == 0) {
            sys_execve("/bin/bench_true", argv, envp);
            sys_exit(127);
        }
        if (pid < 0)
            bench_fail("fork", pid);
        wait_for_success(pid);
    }
    bench_report("fork_exec_wait", instret() - start, EXECS);
}

static volatile long signals_handled;

static void on_sigusr1(int sig)
{
    (void)sig;
    signals_handled++;
}

static void bench_signal(void)
{
    struct k_sigaction act = { .handler = (uint64_t)on_sigusr1 };
    long err = sys_rt_sigaction(SIGUSR1, &act, NULL);
    if (err)
        bench_fail("rt_sigaction", err);
    long pid = sys_getpid();

    unsigned long start = instret();
    for (int i = 0; i < SIGNALS; i++)
        sys_kill((int)pid, SIGUSR1);
    unsigned long end = instret();
    if (signals_handled != SIGNALS)
        bench_fail("signals handled", signals_handled);
    bench_report("signal", end - start, SIGNALS);
}

int main(void)
{
    bench_getpid();
    bench_yield();
    bench_fork_exec();
    bench_signal();
    return bench_finish();
}
