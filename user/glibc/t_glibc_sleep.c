/* glibc's sleeps and clocks, unchanged: sleep, nanosleep and usleep (all three are
 * clock_nanosleep system calls in glibc), clock_nanosleep with TIMER_ABSTIME, clock_getres,
 * and the CPU-time clock through clock() and clock_gettime(CLOCK_PROCESS_CPUTIME_ID).
 * A sleep must last at least what it asks, by CLOCK_MONOTONIC; CPU time must grow while
 * the program spins. Built with glibc for rv64gc, as real programs are. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define MS 1000000L

static long now_ns(clockid_t clock)
{
    struct timespec ts;
    check("clock_gettime", clock_gettime(clock, &ts) == 0);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void sleeps(void)
{
    long before = now_ns(CLOCK_MONOTONIC);
    check("sleep(1) returns 0", sleep(1) == 0);
    check("sleep(1) lasts at least a second", now_ns(CLOCK_MONOTONIC) - before >= 1000 * MS);

    struct timespec req = { 0, 50 * MS }, rem = { 7, 7 };
    before = now_ns(CLOCK_MONOTONIC);
    check("nanosleep returns 0", nanosleep(&req, &rem) == 0);
    check("nanosleep lasts at least 50 ms", now_ns(CLOCK_MONOTONIC) - before >= 50 * MS);
    check("nanosleep leaves rem alone", rem.tv_sec == 7 && rem.tv_nsec == 7);

    before = now_ns(CLOCK_MONOTONIC);
    check("usleep returns 0", usleep(30000) == 0);
    check("usleep lasts at least 30 ms", now_ns(CLOCK_MONOTONIC) - before >= 30 * MS);

    long deadline = now_ns(CLOCK_MONOTONIC) + 100 * MS;
    struct timespec at = { deadline / 1000000000L, deadline % 1000000000L };
    check("clock_nanosleep TIMER_ABSTIME returns 0",
          clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) == 0);
    check("clock_nanosleep TIMER_ABSTIME reaches its deadline",
          now_ns(CLOCK_MONOTONIC) >= deadline);

    /* clock_nanosleep returns the error number rather than setting errno. */
    struct timespec bad = { 0, 1000000000L };
    check("clock_nanosleep with tv_nsec of one second is EINVAL",
          clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL);
    check("nanosleep with tv_nsec of one second is EINVAL",
          nanosleep(&bad, NULL) == -1 && errno == EINVAL);
}

static void cpu_clocks(void)
{
    struct timespec res;
    check("clock_getres(CLOCK_MONOTONIC)", clock_getres(CLOCK_MONOTONIC, &res) == 0 &&
                                               res.tv_sec == 0 && res.tv_nsec >= 1);
    check("clock_getres(CLOCK_PROCESS_CPUTIME_ID)",
          clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0);

    long cpu_start = now_ns(CLOCK_PROCESS_CPUTIME_ID), wall = now_ns(CLOCK_MONOTONIC);
    clock_t start = clock();
    check("clock() works", start != (clock_t)-1);
    clock_t c = start;
    while (c - start < CLOCKS_PER_SEC / 50 && now_ns(CLOCK_MONOTONIC) - wall < 10000 * MS)
        c = clock();
    check("clock() grows by 20 ms while spinning", c - start >= CLOCKS_PER_SEC / 50);
    check("CLOCK_PROCESS_CPUTIME_ID grows while spinning",
          now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu_start >= 20 * MS);

    long before = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    usleep(200000);
    check("CPU time hardly grows while asleep",
          now_ns(CLOCK_PROCESS_CPUTIME_ID) - before < 100 * MS);
}

int main(void)
{
    sleeps();
    cpu_clocks();
    return failures ? 1 : 0;
}
