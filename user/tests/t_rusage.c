/* Resource usage (getrusage, times, wait4's rusage, /proc/PID/stat): user time grows while
 * the process computes and system time while the kernel works for it (reads of
 * /dev/zero), each page touched is a minor fault, sleeps are voluntary switches, the peak
 * resident set grows with the pages touched, and wait4 reports a child's usage.
 * Time checks compare the two times' growth with each other, never with the wall clock;
 * loops stop at a generous wall-clock bound only so that a broken kernel fails rather
 * than hangs. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define MS 1000000L
#define PAGE 4096L
#define BURN_NS (100 * MS)
#define WALL_BOUND_NS (20000 * MS)

static volatile unsigned long sink;
static char buf[64 * 1024];

static struct rusage usage(int who)
{
    struct rusage ru;
    check_eq("getrusage", sys_getrusage(who, &ru), 0);
    return ru;
}

static long tv_ns(struct timeval tv)
{
    return tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000L;
}

static long wall_ns(void)
{
    struct timespec ts;
    check_eq("clock_gettime", sys_clock_gettime(CLOCK_MONOTONIC, &ts), 0);
    return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Computes without system calls, ten million additions at a time, until user time has
 * grown by ns. */
static void burn_user(long ns)
{
    long start = tv_ns(usage(RUSAGE_SELF).ru_utime), wall = wall_ns();

    while (tv_ns(usage(RUSAGE_SELF).ru_utime) - start < ns && wall_ns() - wall < WALL_BOUND_NS)
        for (unsigned long i = 0; i < 10000000; i++)
            sink += i;
}

/* User time grows while computing, system time while reading /dev/zero; each by more
 * than twice the other (the ticks, switches and getrusage calls in between are system
 * time, more of it on slower boards). */
static void user_and_system(void)
{
    struct rusage a = usage(RUSAGE_SELF);
    burn_user(BURN_NS);
    struct rusage b = usage(RUSAGE_SELF);
    long user = tv_ns(b.ru_utime) - tv_ns(a.ru_utime);
    long sys = tv_ns(b.ru_stime) - tv_ns(a.ru_stime);
    check_true("user time grows while computing", user >= BURN_NS, user);
    check_true("system time grows far less then", sys >= 0 && sys < user / 2, sys);

    int fd = (int)sys_openat(AT_FDCWD, "/dev/zero", O_RDONLY, 0);
    check_true("open /dev/zero", fd >= 0, fd);
    long wall = wall_ns();
    struct rusage c;
    do {
        for (int i = 0; i < 16; i++)
            check_eq("read /dev/zero", sys_read(fd, buf, sizeof(buf)), sizeof(buf));
        c = usage(RUSAGE_SELF);
    } while (tv_ns(c.ru_stime) - tv_ns(b.ru_stime) < BURN_NS && wall_ns() - wall < WALL_BOUND_NS);
    check_eq("close", sys_close(fd), 0);
    long sys2 = tv_ns(c.ru_stime) - tv_ns(b.ru_stime);
    long user2 = tv_ns(c.ru_utime) - tv_ns(b.ru_utime);
    check_true("system time grows while the kernel reads", sys2 >= BURN_NS, sys2);
    check_true("user time grows far less then", user2 >= 0 && user2 < sys2 / 2, user2);

    struct tms t;
    check_true("times", sys_times(&t) > 0, 0);
    check_true("times splits them too", t.tms_utime >= 10 && t.tms_stime >= 10, t.tms_stime);
}

/* Every page touched the first time is a minor fault; none is major. The peak resident
 * set grows by the 8 MiB touched. */
static void faults_and_rss(void)
{
    enum { PAGES = 2048 };
    struct rusage a = usage(RUSAGE_SELF);
    char *p = map_anon(PAGES * PAGE);
    for (long i = 0; i < PAGES; i++)
        p[i * PAGE] = 1;
    struct rusage b = usage(RUSAGE_SELF);
    check_true("a minor fault a page", b.ru_minflt - a.ru_minflt >= PAGES,
               b.ru_minflt - a.ru_minflt);
    check_eq("no major faults", b.ru_majflt, 0);
    check_true("maxrss grows by the 8 MiB touched (KiB)",
               b.ru_maxrss - a.ru_maxrss >= 7 * 1024 && b.ru_maxrss >= 8 * 1024,
               b.ru_maxrss - a.ru_maxrss);
    check_eq("munmap", sys_munmap(p, PAGES * PAGE), 0);
    struct rusage c = usage(RUSAGE_SELF);
    check_true("maxrss is the peak: unmapping leaves it", c.ru_maxrss >= b.ru_maxrss,
               c.ru_maxrss);
}

/* A sleep gives the CPU up: a voluntary switch each. */
static void switches(void)
{
    struct rusage a = usage(RUSAGE_SELF);
    for (int i = 0; i < 3; i++)
        sleep_ms(5);
    struct rusage b = usage(RUSAGE_SELF);
    check_true("each sleep is a voluntary switch", b.ru_nvcsw - a.ru_nvcsw >= 3,
               b.ru_nvcsw - a.ru_nvcsw);
    check_true("nivcsw never shrinks", b.ru_nivcsw >= a.ru_nivcsw, b.ru_nivcsw);
}

static void child_work(void)
{
    char *p = map_anon(16 * PAGE);
    for (int i = 0; i < 16; i++)
        p[i * PAGE] = 1;
    burn_user(50 * MS);
    sleep_ms(1);
}

/* wait4 reports the child's usage, and RUSAGE_CHILDREN adds it once waited for; a bad
 * rusage pointer is EFAULT, the child reaped all the same. */
static void wait4_usage(void)
{
    struct rusage before = usage(RUSAGE_CHILDREN);
    long pid = fork();
    if (pid == 0) {
        child_work();
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    struct rusage ru;
    int status = -1;
    check_eq("wait4 with rusage", sys_wait4((int)pid, &status, 0, &ru), pid);
    check_eq("exit status", status, 0);
    check_true("the child's user time", tv_ns(ru.ru_utime) >= 50 * MS, tv_ns(ru.ru_utime));
    check_true("the child's faults", ru.ru_minflt >= 16, ru.ru_minflt);
    check_true("the child's sleep", ru.ru_nvcsw >= 1, ru.ru_nvcsw);
    check_true("the child's maxrss", ru.ru_maxrss >= 16 * PAGE / 1024, ru.ru_maxrss);
    struct rusage after = usage(RUSAGE_CHILDREN);
    check_true("RUSAGE_CHILDREN adds the child's user time",
               tv_ns(after.ru_utime) - tv_ns(before.ru_utime) >= 50 * MS,
               tv_ns(after.ru_utime) - tv_ns(before.ru_utime));
    check_true("and its faults", after.ru_minflt - before.ru_minflt >= 16, after.ru_minflt);
    check_true("RUSAGE_CHILDREN's maxrss is the largest child's", after.ru_maxrss >= ru.ru_maxrss,
               after.ru_maxrss);

    pid = fork();
    if (pid == 0)
        exit(0);
    check_eq("wait4 into a bad rusage", sys_wait4((int)pid, &status, 0, KERNEL_ADDRESS),
             -EFAULT);
    check_eq("the child was reaped all the same", sys_wait4((int)pid, &status, WNOHANG, NULL),
             -ECHILD);
}

int main(void)
{
    user_and_system();
    faults_and_rss();
    switches();
    wait4_usage();
    return 0;
}
