/* Clocks and sleeps: clock_getres, the CPU-time clocks of clock_gettime, times and
 * getrusage, clock_nanosleep (relative and TIMER_ABSTIME) and nanosleep's rem, with
 * Linux's results and errors.
 * Timing checks are one-sided: a sleep lasts at least what was asked, by CLOCK_MONOTONIC;
 * CPU time grows while spinning and stays well below the time spent asleep. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define MS 1000000L
#define BAD_CLOCK 100

static long ns_of(const struct timespec *ts)
{
    return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static long now_ns(int clock)
{
    struct timespec ts;
    check_eq("clock_gettime", sys_clock_gettime(clock, &ts), 0);
    return ns_of(&ts);
}

static struct timespec timespec_of(long ns)
{
    return (struct timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/* Spins until the process's CPU clock has grown by ns (ten seconds of wall time at most). */
static void spin_cpu(long ns)
{
    long start = now_ns(CLOCK_PROCESS_CPUTIME_ID), wall = now_ns(CLOCK_MONOTONIC);

    while (now_ns(CLOCK_PROCESS_CPUTIME_ID) - start < ns &&
           now_ns(CLOCK_MONOTONIC) - wall < 10000 * MS)
        ;
}

static void resolution(void)
{
    static const int clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                  CLOCK_THREAD_CPUTIME_ID, CLOCK_BOOTTIME, CLOCK_TAI };

    for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        struct timespec res = { -1, -1 };
        check_eq("clock_getres", sys_clock_getres(clocks[i], &res), 0);
        check_true("resolution is under a second and at least 1 ns",
                   res.tv_sec == 0 && res.tv_nsec >= 1, ns_of(&res));
        check_eq("clock_getres with a NULL res", sys_clock_getres(clocks[i], NULL), 0);
    }
    struct timespec res;
    check_eq("clock_getres of an unknown clock", sys_clock_getres(BAD_CLOCK, &res), -EINVAL);
    check_eq("clock_getres into a bad pointer",
             sys_clock_getres(CLOCK_MONOTONIC, KERNEL_ADDRESS), -EFAULT);
}

/* CPU time grows while the process spins, by 20 ms within ten seconds of wall time, and
 * grows by much less than a 200 ms sleep. */
static void cpu_time(void)
{
    long start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    spin_cpu(20 * MS);
    long cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    check_true("CPU time grows while spinning", cpu - start >= 20 * MS, cpu - start);
    check_true("the thread clock counts the same time",
               now_ns(CLOCK_THREAD_CPUTIME_ID) >= cpu, now_ns(CLOCK_THREAD_CPUTIME_ID));

    long before = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    sleep_ms(200);
    long slept = now_ns(CLOCK_PROCESS_CPUTIME_ID) - before;
    check_true("CPU time hardly grows while asleep", slept >= 0 && slept < 100 * MS, slept);
}

static long usage_ns(int who)
{
    struct rusage ru;
    check_eq("getrusage", sys_getrusage(who, &ru), 0);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * NSEC_PER_SEC +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static void spin_50ms(void)
{
    spin_cpu(50 * MS);
}

/* times and getrusage count the same time as the CPU clock, and a child's once it is
 * waited for; a clock tick is 1/100 s (AT_CLKTCK). */
static void usage(void)
{
    struct tms before, after;

    check_true("times returns the ticks since boot", sys_times(&before) > 0, 0);
    long cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    check_true("getrusage(RUSAGE_SELF) counts the CPU clock's time",
               usage_ns(RUSAGE_SELF) >= cpu - 1000, usage_ns(RUSAGE_SELF) - cpu);
    check_true("RUSAGE_THREAD is the same", usage_ns(RUSAGE_THREAD) >= cpu - 1000, cpu);
    spin_cpu(50 * MS);
    check_true("times(NULL) works", sys_times(NULL) > 0, 0);
    sys_times(&after);
    long grew = after.tms_utime + after.tms_stime - before.tms_utime - before.tms_stime;
    check_true("tms_utime grows by 50 ms of spinning", grew >= 4, grew);

    long children = usage_ns(RUSAGE_CHILDREN);
    check_exited_with("a spinning child", run_in_child(spin_50ms), 0);
    long child = usage_ns(RUSAGE_CHILDREN) - children;
    check_true("RUSAGE_CHILDREN counts the child waited for", child >= 50 * MS, child);
    struct tms later;
    sys_times(&later);
    grew = later.tms_cutime + later.tms_cstime - after.tms_cutime - after.tms_cstime;
    check_true("tms_cutime counts it too", grew >= 4, grew);

    struct rusage ru;
    check_eq("getrusage with an unknown who", sys_getrusage(5, &ru), -EINVAL);
    check_eq("getrusage into a bad pointer", sys_getrusage(RUSAGE_SELF, KERNEL_ADDRESS), -EFAULT);
    check_eq("times into a bad pointer", sys_times(KERNEL_ADDRESS), -EFAULT);
}

static void relative_sleeps(void)
{
    static const int clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_TAI };

    for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        struct timespec req = timespec_of(20 * MS), rem = { 7, 7 };
        long before = now_ns(CLOCK_MONOTONIC);
        check_eq("clock_nanosleep of 20 ms", sys_clock_nanosleep(clocks[i], 0, &req, &rem), 0);
        long took = now_ns(CLOCK_MONOTONIC) - before;
        check_true("clock_nanosleep of 20 ms lasts at least 20 ms", took >= 20 * MS, took);
        check_true("rem untouched after a whole sleep", rem.tv_sec == 7 && rem.tv_nsec == 7,
                   ns_of(&rem));
    }
    struct timespec zero = { 0, 0 };
    check_eq("clock_nanosleep of 0", sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &zero, NULL), 0);
}

static void absolute_sleeps(void)
{
    long deadline = now_ns(CLOCK_MONOTONIC) + 50 * MS;
    struct timespec req = timespec_of(deadline);
    /* rem is not used by an absolute sleep, so even a bad one is no error. */
    check_eq("TIMER_ABSTIME sleep", sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req,
                                                         KERNEL_ADDRESS), 0);
    long now = now_ns(CLOCK_MONOTONIC);
    check_true("TIMER_ABSTIME sleep ends at or after its deadline", now >= deadline,
               now - deadline);

    deadline = now_ns(CLOCK_REALTIME) + 30 * MS;
    req = timespec_of(deadline);
    check_eq("TIMER_ABSTIME sleep on CLOCK_REALTIME",
             sys_clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &req, NULL), 0);
    now = now_ns(CLOCK_REALTIME);
    check_true("CLOCK_REALTIME deadline reached", now >= deadline, now - deadline);

    /* A deadline already past returns at once (within seconds, not an hour). */
    req = timespec_of(now_ns(CLOCK_MONOTONIC) / 2);
    long before = now_ns(CLOCK_MONOTONIC);
    check_eq("TIMER_ABSTIME sleep to a past time",
             sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL), 0);
    check_true("a past deadline does not sleep", now_ns(CLOCK_MONOTONIC) - before < 5000 * MS,
               now_ns(CLOCK_MONOTONIC) - before);
}

static void sleep_errors(void)
{
    struct timespec ok = timespec_of(MS), rem;
    struct timespec bad_nsec = { 0, NSEC_PER_SEC }, negative_nsec = { 0, -1 };
    struct timespec negative_sec = { -1, 0 };

    check_eq("clock_nanosleep on an unknown clock",
             sys_clock_nanosleep(BAD_CLOCK, 0, &ok, &rem), -EINVAL);
    check_eq("the clock is checked before the request",
             sys_clock_nanosleep(BAD_CLOCK, 0, KERNEL_ADDRESS, &rem), -EINVAL);
    check_eq("clock_nanosleep on the process CPU clock",
             sys_clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ok, &rem), -ENOTSUP);
    check_eq("clock_nanosleep on the thread CPU clock",
             sys_clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ok, &rem), -ENOTSUP);
    check_eq("clock_nanosleep on CLOCK_MONOTONIC_RAW",
             sys_clock_nanosleep(CLOCK_MONOTONIC_RAW, 0, &ok, &rem), -ENOTSUP);
    check_eq("clock_nanosleep with tv_nsec of one second",
             sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &bad_nsec, &rem), -EINVAL);
    check_eq("clock_nanosleep with negative tv_nsec",
             sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &negative_nsec, &rem), -EINVAL);
    check_eq("clock_nanosleep with negative tv_sec",
             sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &negative_sec, &rem), -EINVAL);
    check_eq("clock_nanosleep from a bad pointer",
             sys_clock_nanosleep(CLOCK_MONOTONIC, 0, KERNEL_ADDRESS, &rem), -EFAULT);
    check_eq("clock_nanosleep from NULL", sys_clock_nanosleep(CLOCK_MONOTONIC, 0, NULL, &rem),
             -EFAULT);
}

/* nanosleep(2) writes rem only when interrupted: after a whole sleep a bad rem is unused. */
static void nanosleep_rem(void)
{
    struct timespec req = timespec_of(10 * MS), rem = { 7, 7 };

    check_eq("nanosleep with a bad rem", sys_nanosleep(&req, KERNEL_ADDRESS), 0);
    check_eq("nanosleep with rem", sys_nanosleep(&req, &rem), 0);
    check_true("nanosleep leaves rem alone", rem.tv_sec == 7 && rem.tv_nsec == 7, ns_of(&rem));
}

/* A stop and continue inside clock_nanosleep: Linux restarts the sleep, which still lasts
 * its whole length and returns 0. */
static void stopped_sleeper(void)
{
    long pid = fork();
    if (pid == 0) {
        struct timespec req = timespec_of(300 * MS);
        long before = now_ns(CLOCK_MONOTONIC);
        check_eq("clock_nanosleep across a stop",
                 sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
        long took = now_ns(CLOCK_MONOTONIC) - before;
        check_true("the sleep lasted its whole length", took >= 300 * MS, took);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    sleep_ms(20);
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("the sleeper stops", pid, WUNTRACED);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_exited_with("the sleeper", wait_status("wait4", pid, 0), 0);
}

int main(void)
{
    resolution();
    cpu_time();
    usage();
    relative_sleeps();
    absolute_sleeps();
    sleep_errors();
    nanosleep_rem();
    stopped_sleeper();
    return 0;
}
