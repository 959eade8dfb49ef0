/* Several harts: four CPU-bound children run at the same time on different harts (each
 * sees another one running on another CPU, through getcpu and a shared mapping), and
 * sched_setaffinity pins a process to one CPU: getcpu then always says that CPU, a pin
 * by pid from the parent moves the child, fork inherits the mask. sched_getaffinity
 * agrees with /proc/cpuinfo; masks without an online CPU are EINVAL, a missing pid
 * ESRCH, bad pointers EFAULT (sched_setaffinity(2), getcpu(2)). On one hart only the
 * pinning to CPU 0 and the errors are tested, and the last line says so: the -smp 4
 * case checks for the line that says the children ran at once. A signal sent to a thread
 * spinning in user mode on another hart is handled at once (the hart gets an IPI). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"
#include "testlib.h"
#include "threadlib.h"

#define CHILDREN 4
/* Far more getcpu calls than children need to meet on two harts (they stop as soon as
 * every one has), and each child also stops once it has seen the others all done. */
#define MEET_ITERATIONS 20000000L
#define PIN_CHECKS 2000

struct shared {
    volatile long cpu[CHILDREN];    /* the CPU each child last saw itself on */
    volatile long beat[CHILDREN];   /* how many times it looked */
    volatile int met[CHILDREN];     /* it saw another child running on another CPU */
};

static long getcpu_now(void)
{
    unsigned cpu = ~0u, node = ~0u;
    long r = syscall6(SYS_getcpu, (long)&cpu, (long)&node, 0, 0, 0, 0);
    check_eq("getcpu", r, 0);
    check_eq("node 0", node, 0);
    return cpu;
}

static long set_affinity(long pid, unsigned long mask)
{
    return syscall6(SYS_sched_setaffinity, pid, sizeof(mask), (long)&mask, 0, 0, 0);
}

static unsigned long get_affinity(long pid)
{
    unsigned long mask[2] = { 0, 0 };
    long r = syscall6(SYS_sched_getaffinity, pid, sizeof(mask), (long)mask, 0, 0, 0);
    check_eq("sched_getaffinity returns one long", r, 8);
    return mask[0];
}

static int cpuinfo_count(void)
{
    static char text[16384];
    int fd = (int)sys_openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY, 0);
    long len = 0, n;
    check_true("open /proc/cpuinfo", fd >= 0, fd);
    while ((n = sys_read(fd, text + len, sizeof(text) - 1 - len)) > 0)
        len += n;
    check_true("read /proc/cpuinfo", n == 0, n);
    sys_close(fd);
    text[len] = '\0';
    int count = 0;
    for (long i = 0; i + 12 <= len; i++)
        count += memcmp(text + i, "processor\t: ", 12) == 0;
    return count;
}

static int all_met(struct shared *s)
{
    for (int i = 0; i < CHILDREN; i++)
        if (!s->met[i])
            return 0;
    return 1;
}

/* Child `self`: looks at its CPU and the others' over and over; another child whose
 * count moved between two looks while it says it is on another CPU ran at the same time
 * on another hart (one hart cannot produce that: every child would say CPU 0). */
static void meet(struct shared *s, int self)
{
    long last[CHILDREN];
    for (int j = 0; j < CHILDREN; j++)
        last[j] = s->beat[j];
    for (long i = 0; i < MEET_ITERATIONS && !all_met(s); i++) {
        long cpu = getcpu_now();
        s->cpu[self] = cpu;
        s->beat[self]++;
        for (int j = 0; j < CHILDREN; j++) {
            long beat = s->beat[j];
            if (j != self && beat != last[j] && s->cpu[j] != cpu)
                s->met[self] = 1;
            last[j] = beat;
        }
    }
    exit(s->met[self] ? 0 : 1);
}

static void children_run_at_once(int ncpus)
{
    struct shared *s = map_shared(sizeof(*s));
    long pids[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        s->cpu[i] = -1;
        pids[i] = fork();
        if (pids[i] == 0)
            meet(s, i);
        check_true("fork", pids[i] > 0, pids[i]);
    }
    for (int i = 0; i < CHILDREN; i++)
        check_exited_with("a child saw another on another CPU", wait_status("wait4", pids[i], 0), 0);
    printf("t_smp: children ran at once on %d CPUs\n", ncpus);
}

/* Pinned, the process stays on its CPU through yields and preemption. */
static void stays_on(long cpu)
{
    for (int i = 0; i < PIN_CHECKS; i++) {
        check_eq("getcpu on the pinned CPU", getcpu_now(), cpu);
        if (i % 16 == 0)
            sys_sched_yield();
    }
}

static void pin_self(int ncpus)
{
    long target = ncpus - 1;
    long pid = fork();
    if (pid == 0) {
        check_eq("pin to the last CPU", set_affinity(0, 1UL << target), 0);
        check_eq("the mask reads back", get_affinity(0), 1UL << target);
        check_eq("at once on it", getcpu_now(), target);
        stays_on(target);
        long grandchild = fork();
        if (grandchild == 0) {
            check_eq("fork inherits the mask", get_affinity(0), 1UL << target);
            stays_on(target);
            exit(0);
        }
        check_exited_with("grandchild", wait_status("wait4", grandchild, 0), 0);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_exited_with("pinned child", wait_status("wait4", pid, 0), 0);
}

/* The parent pins a spinning child by pid: the child moves there by its next tick. */
static void pin_other(int ncpus)
{
    struct shared *s = map_shared(sizeof(*s));
    long target = ncpus > 2 ? 2 : 0;
    s->cpu[0] = -1;
    long pid = fork();
    if (pid == 0) {
        while (!s->met[0])
            s->cpu[0] = getcpu_now();
        stays_on(target);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_eq("pin the child by pid", set_affinity(pid, 1UL << target), 0);
    check_eq("its mask reads back", get_affinity(pid), 1UL << target);
    for (long i = 0; i < MEET_ITERATIONS && s->cpu[0] != target; i++)
        sys_sched_yield();
    check_eq("the child moved", s->cpu[0], target);
    s->met[0] = 1;
    check_exited_with("child pinned by pid", wait_status("wait4", pid, 0), 0);
}

static void errors(int ncpus)
{
    unsigned long all = get_affinity(0);
    check_eq("an empty mask", set_affinity(0, 0), -EINVAL);
    if (ncpus < 64)
        check_eq("only offline CPUs", set_affinity(0, ~0UL << ncpus), -EINVAL);
    check_eq("a missing pid", set_affinity(999999, 1), -ESRCH);
    check_eq("getaffinity of a missing pid", syscall6(SYS_sched_getaffinity, 999999, 8,
             (long)&all, 0, 0, 0), -ESRCH);
    check_eq("a bad mask pointer", syscall6(SYS_sched_setaffinity, 0, 8, 8, 0, 0, 0), -EFAULT);
    check_eq("a short length is zero-extended", syscall6(SYS_sched_setaffinity, 0, 1,
             (long)&all, 0, 0, 0), 0);
    check_eq("getaffinity length not a multiple of 8", syscall6(SYS_sched_getaffinity, 0, 4,
             (long)&all, 0, 0, 0), -EINVAL);
    check_eq("getcpu with NULLs", syscall6(SYS_getcpu, 0, 0, 0, 0, 0, 0), 0);
    check_eq("getcpu to a bad pointer", syscall6(SYS_getcpu, 8, 0, 0, 0, 0, 0), -EFAULT);
    check_eq("restore every CPU", set_affinity(0, all), 0);
}

/* The spinner counts its turns from the moment tgkill has returned (the main thread's
 * flag) until its handler has run. The sender's hart sent the spinner's an IPI before
 * tgkill returned (kernel/sched.c, sched_kick_running), so it takes the signal within a
 * turn or two; left to its next tick it went on for hundreds of thousands of turns. */
#define SIGNAL_ROUNDS 5
#define PROMPT_TURNS 10000

static volatile int spin_ready, spin_sent, spin_handled;
static volatile long spin_turns;

static void on_usr1(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
    spin_handled = 1;
}

static int spinner(void *arg)
{
    long turns = 0;
    check_eq("pin the spinner to CPU 1", set_affinity(0, 1UL << (long)arg), 0);
    spin_ready = 1;
    while (!spin_handled)
        if (spin_sent)
            turns++;
    spin_turns = turns;
    return 0;
}

static void signal_reaches_spinner(int ncpus)
{
    check_eq("pin the sender to CPU 0", set_affinity(0, 1), 0);
    set_handler(SIGUSR1, on_usr1, 0, 0);
    for (int round = 0; round < SIGNAL_ROUNDS; round++) {
        struct thread t;
        spin_ready = spin_sent = spin_handled = 0;
        thread_start(&t, 0, spinner, (void *)1L);
        while (!spin_ready)
            sys_sched_yield();
        check_eq("tgkill the spinner", sys_tgkill((int)sys_getpid(), t.id, SIGUSR1), 0);
        spin_sent = 1;
        thread_join(&t);
        check_true("the spinner took the signal within a few turns",
                   spin_turns < PROMPT_TURNS, spin_turns);
    }
    check_eq("restore every CPU", set_affinity(0, ncpus == 64 ? ~0UL : (1UL << ncpus) - 1), 0);
}

int main(void)
{
    int ncpus = cpuinfo_count();
    check_true("cpuinfo lists 1 to 64 CPUs", ncpus >= 1 && ncpus <= 64, ncpus);
    unsigned long all = get_affinity(0);
    check_eq("sched_getaffinity: every CPU of /proc/cpuinfo", all,
             ncpus == 64 ? ~0UL : (1UL << ncpus) - 1);
    errors(ncpus);
    pin_self(ncpus);
    pin_other(ncpus);
    if (ncpus == 1) {
        printf("t_smp: one CPU: running at once not tested\n");
        return 0;
    }
    children_run_at_once(ncpus);
    signal_reaches_spinner(ncpus);
    return 0;
}
