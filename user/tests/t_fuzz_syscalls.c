/* t_fuzz_syscalls [CHILDREN [FIRST_SEED]]: every system-call number, 0 to NR_SYSCALLS and
 * a few beyond, called with nasty arguments in forked children, from deterministic seeds.
 * After each child is reaped the kernel must still answer and the free-page count must be
 * exactly what it was before the child (as runtests' leak check, from sysinfo).
 *
 * A child: clones two raw clone(SIGCHLD) children that fuzz only memory calls, fuzzes
 * memory calls itself, reaps them late, then sweeps every number in a seeded order with
 * arguments from the pools below, then fuzzes numbers at random. Arguments: 0, -1, huge
 * values, kernel addresses (the direct map, the image), unmapped addresses, a PROT_NONE
 * page, a read-only page, pointers misaligned and straddling into the PROT_NONE page,
 * buffers of random bytes with no NUL before that page, valid names in a scratch
 * directory, small and huge lengths, small and absurd descriptors.
 *
 * Not called, because they would end or escape the fuzzer rather than test the kernel:
 * exit (93) and exit_group (94) (the child's end), reboot (142), clone (220) and clone3
 * (435) with random flags (a fork bomb: the raw clones above are the fuzzed ones),
 * setpgid (154) and setsid (157) (the parent kills a stuck child's process group),
 * execve (221) and execveat (281) (would replace the fuzzer); kill (129), tkill (130),
 * tgkill (131), rt_sigqueueinfo (138), rt_tgsigqueueinfo (240), pidfd_send_signal (424)
 * get the caller's own pid (never pid <= 1, the group or the parent), so a fatal signal
 * only ends the child. A child that dies by a signal (a garbage rt_sigreturn frame, a
 * mapping over its own code) is fine; one still blocked after CHILD_MS (a read from a
 * pipe it holds, a long sleep) is killed with its group. The fuzzing itself writes only
 * to /dev/null: descriptors 0-2 are redirected first. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

#define PAGE 4096UL
#define CHILD_MS 1000
#define SWEEP_END (NR_SYSCALLS + 16)
#define RANDOM_CALLS 600
#define CLONE_CALLS 200
#define SCRATCH "/tmp/fz"

static unsigned long rng;

static unsigned long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* rw: read/write buffer; ro: read-only page; none: PROT_NONE page after rw (so rw's last
 * bytes straddle into it). */
static char *rw, *ro, *none;

static const char *const names[] = { "a", "b", "d/", "a/b", "..", ".", "", "d/x", "l",
                                     "./a/../b" };

static long pick_arg(void)
{
    switch (next() % 18) {
    case 0: return 0;
    case 1: return -1;
    case 2: return (long)(next() % 64);
    case 3: return (long)next();
    case 4: return (long)0xffffffc000000000UL;     /* kernel half */
    case 5: return (long)0xffffffd880000000UL;     /* the direct map of RAM */
    case 6: return (long)0xffffffff80000000UL;     /* the kernel image */
    case 7: return 0x3f00000000L + (long)(next() % 64) * 4096;   /* unmapped */
    case 8: return (long)none;
    case 9: return (long)ro + (long)(next() % PAGE);
    case 10: return (long)(rw + 2 * PAGE - 1 - next() % 16);     /* straddles into none */
    case 11: return (long)(rw + next() % (2 * PAGE));
    case 12: return (long)names[next() % (sizeof(names) / sizeof(names[0]))];
    case 13: return 1L << (next() % 64);
    case 14: return (long)(next() % 4096);
    case 15: return -(long)(next() % 4096);
    case 16: return 0x7fffffffL;
    default: return (long)(rw + 8 * (next() % 1024) + 1);       /* misaligned */
    }
}

static int skipped(long nr)
{
    return nr == SYS_exit || nr == SYS_exit_group || nr == 142 || nr == SYS_clone ||
           nr == 435 || nr == SYS_setpgid || nr == 157 || nr == SYS_execve || nr == 281;
}

static int targets_a_process(long nr)
{
    return nr == SYS_kill || nr == 130 || nr == 131 || nr == 138 || nr == 240 || nr == 424;
}

static void fuzz_call(long nr)
{
    long a[6];

    if (skipped(nr))
        return;
    for (int i = 0; i < 6; i++)
        a[i] = pick_arg();
    if (targets_a_process(nr))
        a[0] = sys_getpid();
    if (nr == 131)
        a[1] = sys_getpid();
    syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static const long memory_calls[] = { SYS_mmap, SYS_munmap, SYS_mprotect, SYS_brk, 233, 216,
                                     SYS_getpid, 226 };

static void fuzz_memory(int calls)
{
    for (int i = 0; i < calls; i++) {
        long nr = memory_calls[next() % (sizeof(memory_calls) / sizeof(memory_calls[0]))];
        /* Never over the program itself: only the fuzz area or fresh places. */
        long a0 = next() % 2 ? (long)(rw + PAGE * (next() % 2)) : 0x3f00000000L;
        syscall6(nr, a0, (long)(PAGE * (next() % 4)), (long)(next() % 8),
                 pick_arg(), pick_arg(), pick_arg());
    }
}

static void child(unsigned long seed)
{
    long kids[2];

    rng = seed * 0x9e3779b97f4a7c15UL + 1;
    sys_setpgid(0, 0);
    int null = (int)sys_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
    for (int fd = 0; fd < 3; fd++)
        sys_dup3(null, fd, 0);
    sys_chdir(SCRATCH);
    rw = map_anon(3 * PAGE);
    none = rw + 2 * PAGE;
    sys_mprotect(none, PAGE, PROT_NONE);
    ro = map_anon(PAGE);
    for (unsigned long i = 0; i < 2 * PAGE; i++)
        rw[i] = (char)(next() | 1);     /* no NUL: strings run into the PROT_NONE page */
    sys_mprotect(ro, PAGE, PROT_READ);
    for (int i = 0; i < 2; i++) {
        kids[i] = sys_clone(SIGCHLD, 0, 0, 0, 0);
        if (kids[i] == 0) {
            rng += 77 + (unsigned long)i;
            fuzz_memory(CLONE_CALLS);
            sys_exit(0);
        }
    }
    fuzz_memory(CLONE_CALLS);
    for (int i = 0; i < 2; i++)
        if (kids[i] > 0)
            sys_wait4((int)kids[i], NULL, 0, NULL);
    /* Each number once, in a seeded order (a Fisher-Yates shuffle), then random ones. */
    static short order[SWEEP_END];
    for (int i = 0; i < SWEEP_END; i++)
        order[i] = (short)i;
    for (int i = SWEEP_END - 1; i > 0; i--) {
        int j = (int)(next() % (unsigned long)(i + 1));
        short t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < SWEEP_END; i++)
        fuzz_call(order[i]);
    for (int i = 0; i < RANDOM_CALLS; i++)
        fuzz_call((long)(next() % SWEEP_END));
}

static long free_pages(void)
{
    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);
    return (long)(info.freeram * info.mem_unit / PAGE);
}

static long now_ms(void)
{
    struct timespec ts;
    sys_clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The scratch directory's possible entries, deepest first, removed whatever they are. */
static void clean_scratch(void)
{
    static const char *const paths[] = { SCRATCH "/d/x", SCRATCH "/a/b", SCRATCH "/d",
                                         SCRATCH "/a", SCRATCH "/b", SCRATCH "/l" };
    for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        if (sys_unlinkat(AT_FDCWD, paths[i], 0) < 0)
            sys_unlinkat(AT_FDCWD, paths[i], AT_REMOVEDIR);
}

/* Runs one child to its end (killing its group after CHILD_MS); returns how it ended. */
static const char *run_child(unsigned long seed)
{
    long pid = fork();
    int status = 0;

    if (pid == 0) {
        child(seed);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    long deadline = now_ms() + CHILD_MS;
    while (sys_wait4((int)pid, &status, WNOHANG, NULL) == 0) {
        if (now_ms() > deadline) {
            sys_kill(-(int)pid, SIGKILL);
            sys_kill((int)pid, SIGKILL);
            check_eq("wait4 after SIGKILL", sys_wait4((int)pid, &status, 0, NULL), pid);
            return "stuck, killed";
        }
        sleep_ms(5);
    }
    return WIFSIGNALED(status) ? "killed by a signal" : "exited";
}

int main(int argc, char **argv)
{
    unsigned long children = argc > 1 ? (unsigned long)atoi(argv[1]) : 6;
    unsigned long first = argc > 2 ? (unsigned long)atoi(argv[2]) : 1;
    int ended[3] = { 0 };
    char stack[8 * PAGE];

    memset(stack, 0, sizeof(stack));      /* the stack grown before the first count */
    sys_mkdirat(AT_FDCWD, SCRATCH, 0777);
    for (unsigned long s = first; s < first + children; s++) {
        clean_scratch();
        long before = free_pages();
        const char *how = run_child(s);
        clean_scratch();
        check_eq("getpid after a child", sys_getpid() > 0, 1);
        long after = free_pages();
        if (before != after) {
            printf("FAIL: seed %lu (%s): %ld pages not given back\n", s, how, before - after);
            return 1;
        }
        ended[how[0] == 's' ? 2 : how[0] == 'k' ? 1 : 0]++;
    }
    sys_unlinkat(AT_FDCWD, SCRATCH, AT_REMOVEDIR);
    printf("t_fuzz_syscalls: seeds %lu-%lu: %d exited, %d killed by a signal, %d stuck\n",
           first, first + children - 1, ended[0], ended[1], ended[2]);
    return 0;
}
