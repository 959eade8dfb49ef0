/* System call and scheduling benchmarks:
 *   getpid        one getpid round trip (ecall, dispatch, return to user), averaged over
 *                 CALLS calls, each a bare ecall in a loop (about 3 loop instructions each)
 *   yield_switch  one context switch: two processes call sched_yield in turn, each call
 *                 switching to the other; instructions per switch (half a round trip) */
#include <syscall.h>
#include <unistd.h>
#include <sys/wait.h>

#include "bench.h"

#define CALLS 100000
#define YIELDS 10000

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

static void bench_yield(void)
{
    long pid = fork();
    if (pid == 0) {
        /* More yields than the parent makes, so the parent always has someone to switch
         * to; the extra ones, once the parent waits, return at once. */
        for (int i = 0; i < 2 * YIELDS; i++)
            sys_sched_yield();
        sys_exit(0);
    }
    if (pid < 0)
        bench_fail("fork", pid);

    /* Each of the parent's yields runs the child until the child yields back: two switches. */
    unsigned long start = instret();
    for (int i = 0; i < YIELDS; i++)
        sys_sched_yield();
    unsigned long end = instret();

    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail("child", got < 0 ? got : status);
    bench_report("yield_switch", end - start, 2 * YIELDS);
}

int main(void)
{
    bench_getpid();
    bench_yield();
    return 0;
}
