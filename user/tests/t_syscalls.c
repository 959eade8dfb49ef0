/* The simple system calls, with Linux's results and errors. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define NSEC_PER_SEC 1000000000L
#define UNKNOWN_SYSCALL 4000
#define UNIMPLEMENTED_SYSCALL 89   /* acct: in Linux's table, not implemented here */

static long ns_of(const struct timespec *ts)
{
    return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static void process_ids(void)
{
    long pid = sys_getpid();
    check_true("getpid is positive", pid > 0, pid);
    check_eq("getpid is stable", sys_getpid(), pid);
    long ppid = sys_getppid();
    check_true("getppid is not negative", ppid >= 0, ppid);
    check_true("getppid differs from getpid", ppid != pid, ppid);
    check_eq("set_tid_address returns the thread id", sys_set_tid_address(NULL), pid);
}

static int has_nul(const char *s, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        if (s[i] == '\0')
            return 1;
    return 0;
}

static void uname_fields(void)
{
    struct utsname u;
    memset(&u, 0xff, sizeof(u));
    check_eq("uname", sys_uname(&u), 0);

    const char *fields[] = { u.sysname, u.nodename, u.release, u.version, u.machine,
                             u.domainname };
    for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        check_true("uname field is NUL-terminated",
                   has_nul(fields[i], UTSNAME_LENGTH), (long)i);
    check_true("uname sysname is not empty", u.sysname[0] != '\0', 0);
}

static void clocks(void)
{
    struct timespec previous, now;
    check_eq("clock_gettime(CLOCK_MONOTONIC)", sys_clock_gettime(CLOCK_MONOTONIC, &previous), 0);
    for (int i = 0; i < 1000; i++) {
        check_eq("clock_gettime(CLOCK_MONOTONIC)", sys_clock_gettime(CLOCK_MONOTONIC, &now), 0);
        check_true("tv_nsec below one second", now.tv_nsec >= 0 && now.tv_nsec < NSEC_PER_SEC,
                   now.tv_nsec);
        check_true("CLOCK_MONOTONIC never goes backwards", ns_of(&now) >= ns_of(&previous),
                   ns_of(&now) - ns_of(&previous));
        previous = now;
    }

    struct timespec before, after;
    struct timespec nap = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
    sys_clock_gettime(CLOCK_MONOTONIC, &before);
    check_eq("nanosleep of 20 ms", sys_nanosleep(&nap, NULL), 0);
    sys_clock_gettime(CLOCK_MONOTONIC, &after);
    check_true("nanosleep of 20 ms lasts at least 20 ms",
               ns_of(&after) - ns_of(&before) >= nap.tv_nsec, ns_of(&after) - ns_of(&before));

    struct timespec wall;
    check_eq("clock_gettime(CLOCK_REALTIME)", sys_clock_gettime(CLOCK_REALTIME, &wall), 0);
    check_true("CLOCK_REALTIME tv_nsec below one second",
               wall.tv_nsec >= 0 && wall.tv_nsec < NSEC_PER_SEC, wall.tv_nsec);

    struct timespec bad = { .tv_sec = 0, .tv_nsec = NSEC_PER_SEC };
    check_eq("nanosleep with tv_nsec of one second", sys_nanosleep(&bad, NULL), -EINVAL);
    bad.tv_nsec = -1;
    check_eq("nanosleep with negative tv_nsec", sys_nanosleep(&bad, NULL), -EINVAL);
}

static void bad_pointers(void)
{
    void *bad[] = { NULL, KERNEL_ADDRESS };

    for (unsigned i = 0; i < 2; i++) {
        check_eq("write from a bad buffer", sys_write(1, bad[i], 5), -EFAULT);
        check_eq("clock_gettime into a bad pointer",
                 sys_clock_gettime(CLOCK_MONOTONIC, bad[i]), -EFAULT);
        check_eq("uname into a bad pointer", sys_uname(bad[i]), -EFAULT);
    }
}

/* Pointers into memory the program may not use that way: PROT_NONE for reading, a
 * read-only page for writing. The kernel must refuse, not bypass, the protection. */
static void protected_buffers(void)
{
    char *none = map_anon(4096), *ro = map_anon(4096);

    check_eq("mprotect PROT_NONE", sys_mprotect(none, 4096, PROT_NONE), 0);
    check_eq("mprotect PROT_READ", sys_mprotect(ro, 4096, PROT_READ), 0);
    check_eq("write from a PROT_NONE buffer", sys_write(1, none, 5), -EFAULT);
    check_eq("clock_gettime into a read-only page",
             sys_clock_gettime(CLOCK_MONOTONIC, (struct timespec *)ro), -EFAULT);
    check_eq("uname into a read-only page", sys_uname((struct utsname *)ro), -EFAULT);
}

static void misc(void)
{
    check_eq("sched_yield", sys_sched_yield(), 0);

    char one[] = "t_syscalls: writev ";
    char two[] = "of three ";
    char three[] = "pieces\n";
    struct iovec pieces[] = {
        { one, strlen(one) }, { two, strlen(two) }, { three, strlen(three) },
    };
    check_eq("writev of 3 pieces writes them all", sys_writev(1, pieces, 3),
             (long)(strlen(one) + strlen(two) + strlen(three)));

    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);
    check_true("sysinfo totalram", info.totalram > 0, (long)info.totalram);
    check_true("sysinfo freeram <= totalram", info.freeram <= info.totalram, (long)info.freeram);
    check_true("sysinfo mem_unit", info.mem_unit >= 1, info.mem_unit);
}

/* Numbers without a system call give -ENOSYS every time. The kernel logs each once per
 * number and process, which tests/qemu_cases.py checks: these loops, here and in a child,
 * must leave one line per number in each process. */
static void unknown_numbers(void)
{
    const long numbers[] = { UNKNOWN_SYSCALL, UNIMPLEMENTED_SYSCALL, -1 };

    for (int round = 0; round < 100; round++)
        for (unsigned i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
            check_eq("unknown system call", syscall6(numbers[i], 0, 0, 0, 0, 0, 0), -ENOSYS);
}

/* Beyond the table a process remembers only a few numbers: the next one is logged with a
 * note that further ones are not (tests/qemu_cases.py looks for it: 5000-5007 logged,
 * 5008 with the note, none after). */
static void many_unknown_numbers(void)
{
    for (int round = 0; round < 10; round++)
        for (long nr = 5000; nr < 5020; nr++)
            check_eq("unknown system call", syscall6(nr, 0, 0, 0, 0, 0, 0), -ENOSYS);
}

int main(void)
{
    process_ids();
    uname_fields();
    clocks();
    bad_pointers();
    protected_buffers();
    misc();
    unknown_numbers();
    check_exited_with("unknown numbers in a child", run_in_child(unknown_numbers), 0);
    check_exited_with("many unknown numbers in a child", run_in_child(many_unknown_numbers), 0);
    return 0;
}
