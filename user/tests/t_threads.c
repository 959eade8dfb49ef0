/* Threads through the raw clone system call, with Linux's meaning (clone(2)): what each
 * sharing flag shares, thread ids (getpid gives the group, gettid the thread, getppid the
 * group's parent), CLONE_SETTLS, exit of one thread against exit_group, a leader that
 * exits first, execve from a thread (it takes the leader's pid), signals to the group and
 * to one thread with per-thread masks, fatal signals and stops acting on the whole group,
 * a fault's signal in the faulting thread, clone3 and its argument checks, /proc/PID/task
 * and the Tgid and Threads of /proc/PID/status, getrusage of the process and of one
 * thread, and thousands
 * of short-lived threads and processes whose slots must be recycled. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syscall.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/futex.h"
#include "testlib.h"
#include "threadlib.h"

#define EXEC_FLAG "--check-exec"   /* t_threads --check-exec PID: getpid() must be PID */

static volatile int shared_word;

/* Spins until *word holds value (the other thread runs when this one yields). */
static void wait_for(volatile int *word, int value)
{
    for (long i = 0; *word != value; i++) {
        check_true("a thread's progress within bounds", i < 10000000, *word);
        sys_sched_yield();
    }
}

struct ids { long pid, tid, ppid; unsigned long tp; };

static int record_ids(void *arg)
{
    struct ids *ids = arg;
    unsigned long tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    ids->pid = sys_getpid();
    ids->tid = sys_gettid();
    ids->ppid = sys_getppid();
    ids->tp = tp;
    return 0;
}

static void thread_ids(void)
{
    struct ids ids;
    struct thread t;

    memset(&ids, 0, sizeof(ids));
    thread_start(&t, CLONE_SETTLS, record_ids, &ids);
    check_eq("CLONE_PARENT_SETTID stored the tid", t.tid == 0 || t.tid == t.id, 1);
    thread_join(&t);
    check_eq("getpid in a thread is the group's", ids.pid, sys_getpid());
    check_eq("gettid in a thread is clone's result", ids.tid, t.id);
    check_true("a thread's tid differs from the group's", ids.tid != sys_getpid(), ids.tid);
    check_eq("getppid in a thread is the group's parent", ids.ppid, sys_getppid());
    check_eq("gettid of the leader is its pid", sys_gettid(), sys_getpid());
    check_eq("CLONE_SETTLS without a tls sets tp to 0", (long)ids.tp, 0);
}

/* CLONE_SETTLS: the child's tp is clone's tls argument. */
static int report_tp(void *arg)
{
    unsigned long tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    *(unsigned long *)arg = tp;
    return 0;
}

static void settls(void)
{
    static unsigned long tls_block[4];
    unsigned long seen = 0;
    struct thread t;
    t.stack = map_anon(THREAD_STACK);
    t.tid = -1;
    t.id = (int)clone_fn(THREAD_FLAGS | CLONE_SETTLS, t.stack + THREAD_STACK, (int *)&t.tid,
                         (unsigned long)tls_block, (int *)&t.tid, report_tp, &seen);
    check_true("clone with CLONE_SETTLS", t.id > 0, t.id);
    thread_join(&t);
    check_eq("the thread's tp is the tls", (long)seen, (long)tls_block);
}

/* CLONE_FILES: a descriptor opened by the thread is the group's. */
static int open_null(void *arg)
{
    *(long *)arg = sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0);
    return 0;
}

static void files_shared(void)
{
    long fd = -1;
    struct thread t;

    thread_start(&t, 0, open_null, &fd);
    thread_join(&t);
    check_true("open in a thread", fd >= 0, fd);
    check_eq("the thread's descriptor is open in the leader", sys_close((int)fd), 0);
}

/* Without CLONE_FILES (but with CLONE_VM, as posix_spawn does) the child has a copy. */
static void files_copied(void)
{
    long fd = -1;
    struct thread t;
    t.stack = map_anon(THREAD_STACK);
    t.tid = -1;
    t.id = (int)clone_fn(CLONE_VM | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID | SIGCHLD,
                         t.stack + THREAD_STACK, (int *)&t.tid, 0, (int *)&t.tid, open_null, &fd);
    check_true("clone(CLONE_VM) without CLONE_FILES", t.id > 0, t.id);
    int status = 0;
    check_eq("wait4 for the CLONE_VM child", sys_wait4(t.id, &status, 0, NULL), t.id);
    check_exited_with("CLONE_VM child", status, 0);
    check_true("open in the child", fd >= 0, fd);
    check_eq("the child's descriptor is not the parent's", sys_close((int)fd), -EBADF);
    check_eq("munmap of the child's stack", sys_munmap(t.stack, THREAD_STACK), 0);
}

/* CLONE_FS: chdir and umask in the thread are the group's. */
static int chdir_dev(void *arg)
{
    (void)arg;
    return (int)sys_chdir("/dev") | (int)syscall6(SYS_umask, 077, 0, 0, 0, 0, 0) * 0;
}

static void fs_shared(void)
{
    char cwd[64];
    struct thread t;
    long old_umask = syscall6(SYS_umask, 022, 0, 0, 0, 0, 0);

    thread_start(&t, 0, chdir_dev, NULL);
    thread_join(&t);
    check_true("getcwd", sys_getcwd(cwd, sizeof(cwd)) > 0, 0);
    check_eq("a thread's chdir moves the group", strcmp(cwd, "/dev"), 0);
    check_eq("a thread's umask is the group's", syscall6(SYS_umask, old_umask, 0, 0, 0, 0, 0), 077);
    check_eq("chdir back", sys_chdir("/"), 0);
}

/* CLONE_SIGHAND: an action set by the thread is the group's. */
static void noop_handler(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
}

static int set_usr2(void *arg)
{
    (void)arg;
    set_handler(SIGUSR2, noop_handler, 0, 0);
    return 0;
}

static void sighand_shared(void)
{
    struct k_sigaction old;
    struct thread t;

    thread_start(&t, 0, set_usr2, NULL);
    thread_join(&t);
    check_eq("sigaction", sys_rt_sigaction(SIGUSR2, NULL, &old), 0);
    check_eq("a thread's handler is the group's", (long)old.handler, (long)noop_handler);
    struct k_sigaction dfl = { .handler = SIG_DFL };
    check_eq("sigaction back to SIG_DFL", sys_rt_sigaction(SIGUSR2, &dfl, NULL), 0);
}

/* exit in a thread ends that thread only; exit_group in a thread ends the process. */
static int exit_group_now(void *arg)
{
    (void)arg;
    sys_exit_group(42);
}

static void exit_group_child(void)
{
    struct thread t;
    thread_start(&t, 0, exit_group_now, NULL);
    for (;;)
        sys_sched_yield();   /* killed by the thread's exit_group */
}

static int spin_until_released(void *arg)
{
    wait_for(arg, 1);
    return 0;
}

/* The leader exits first; the process ends (exit status: the leader's) when the last
 * thread does, and only then does the parent's wait4 see it. */
static volatile int *release_word;

static int last_thread(void *arg)
{
    (void)arg;
    wait_for(release_word, 1);
    sys_exit(9);   /* a thread's own status is not the process's */
}

static void leader_exits_first(void)
{
    release_word = map_shared(4096);
    long pid = fork();
    if (pid == 0) {
        struct thread t;
        thread_start(&t, 0, last_thread, NULL);
        sys_exit(5);
    }
    check_true("fork", pid > 0, pid);
    int status = 0;
    sleep_ms(20);
    check_eq("no report while a thread lives", sys_wait4((int)pid, &status, WNOHANG, NULL), 0);
    check_eq("kill(pid, 0) reaches the group", sys_kill((int)pid, 0), 0);
    *release_word = 1;
    check_eq("wait4 once the last thread exits", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("the leader's status is the group's", status, 5);
    check_eq("munmap", sys_munmap((void *)release_word, 4096), 0);
}

static void exits(void)
{
    struct thread t;
    int released = 0;

    thread_start(&t, 0, spin_until_released, &released);
    released = 1;
    thread_join(&t);   /* the thread's exit left the process alive: we are here */
    check_exited_with("exit_group from a thread", run_in_child(exit_group_child), 42);
    leader_exits_first();
}

/* execve from a thread: the other threads end, the exec'ing thread gets the group's pid,
 * and the parent sees the new program's exit. */
static char pid_arg[16];

static int exec_self(void *arg)
{
    (void)arg;
    char *argv[] = { "/bin/t_threads", EXEC_FLAG, pid_arg, NULL };
    sys_execve(argv[0], argv, NULL);
    return 99;
}

static void exec_child(void)
{
    struct thread t;
    int never = 0;
    snprintf(pid_arg, sizeof(pid_arg), "%ld", sys_getpid());
    thread_start(&t, 0, spin_until_released, &never);   /* killed by the exec */
    thread_start(&t, 0, exec_self, NULL);
    for (;;)
        sys_sched_yield();   /* killed by the exec */
}

static void exec_from_thread(void)
{
    check_exited_with("execve from a thread", run_in_child(exec_child), 0);
}

/* Signals: kill() reaches a thread that does not block the signal; tgkill one thread;
 * the masks are per thread. */
static volatile long handled_by;

static void record_handler(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
    handled_by = sys_gettid();
}

static int unblocked_waiter(void *arg)
{
    uint64_t none = 0;
    check_eq("unblock in the thread", sys_rt_sigprocmask(SIG_SETMASK, &none, NULL), 0);
    *(volatile int *)arg = 1;
    while (!handled_by)
        sys_sched_yield();
    return 0;
}

static int tgkill_target(void *arg)
{
    *(volatile int *)arg = 1;
    while (!handled_by)
        sys_sched_yield();
    return 0;
}

static void signals(void)
{
    uint64_t usr1 = SIGBIT(SIGUSR1), old;
    struct thread t;
    volatile int ready = 0;

    set_handler(SIGUSR1, record_handler, 0, 0);
    check_eq("block SIGUSR1 in the leader", sys_rt_sigprocmask(SIG_BLOCK, &usr1, &old), 0);
    handled_by = 0;
    thread_start(&t, 0, unblocked_waiter, (void *)&ready);
    wait_for(&ready, 1);
    check_eq("kill to the group", sys_kill((int)sys_getpid(), SIGUSR1), 0);
    thread_join(&t);
    check_eq("the thread not blocking it took the signal", handled_by, t.id);
    uint64_t pending = 1;
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("nothing left pending", (long)pending, 0);
    check_eq("unblock", sys_rt_sigprocmask(SIG_SETMASK, &old, NULL), 0);

    ready = 0;
    handled_by = 0;
    thread_start(&t, 0, tgkill_target, (void *)&ready);
    wait_for(&ready, 1);
    check_eq("tgkill with another group's id", sys_tgkill(1, t.id, SIGUSR1), -ESRCH);
    check_eq("tgkill", sys_tgkill((int)sys_getpid(), t.id, SIGUSR1), 0);
    thread_join(&t);
    check_eq("tgkill's thread took the signal", handled_by, t.id);
    /* The join returns at the tid futex wake, while the thread may still be on its way
     * out on another hart (on Linux too: release_task comes after exit_mm's wake). */
    long found;
    for (int tries = 0; (found = sys_tkill(t.id, 0)) == 0 && tries < 10000; tries++)
        check_eq("sched_yield", sys_sched_yield(), 0);
    check_eq("tkill of a thread that has exited", found, -ESRCH);
    struct k_sigaction dfl = { .handler = SIG_DFL };
    check_eq("SIGUSR1 back to SIG_DFL", sys_rt_sigaction(SIGUSR1, &dfl, NULL), 0);
}

/* A fatal signal sent to one thread kills them all. */
static int sleep_until_killed(void *arg)
{
    (void)arg;
    while (shared_word == 0)   /* never set: the group's death ends this */
        sleep_ms(1000);
    return 0;
}

static void fatal_child(void)
{
    struct thread t;
    thread_start(&t, 0, sleep_until_killed, NULL);
    check_eq("tgkill SIGTERM to a thread", sys_tgkill((int)sys_getpid(), t.id, SIGTERM), 0);
    for (;;)
        sys_sched_yield();
}

/* A fault's signal goes to the thread that faulted. */
static volatile long fault_tid;

static void segv_handler(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info;
    fault_tid = sys_gettid();
    ((struct k_ucontext *)uc)->uc_mcontext.pc += 4;   /* skip the faulting store */
}

static int fault(void *arg)
{
    (void)arg;
    /* A 4-byte store to an unmapped page, which the handler skips. */
    __asm__ volatile(".option push\n.option norvc\nsw %1, 0(%0)\n.option pop"
                     :: "r"(8L), "r"(1) : "memory");
    return 0;
}

static void fault_signal(void)
{
    struct thread t;
    set_handler(SIGSEGV, segv_handler, 0, 0);
    thread_start(&t, 0, fault, NULL);
    thread_join(&t);
    check_eq("the faulting thread took SIGSEGV", fault_tid, t.id);
    struct k_sigaction dfl = { .handler = SIG_DFL };
    check_eq("SIGSEGV back to SIG_DFL", sys_rt_sigaction(SIGSEGV, &dfl, NULL), 0);
}

/* SIGSTOP stops every thread: a counter another thread bumps stands still. */
static volatile long *counter;

static int bump_until_killed(void *arg)
{
    (void)arg;
    while (shared_word == 0)   /* never set: SIGKILL ends this */
        (*counter)++;
    return 0;
}

static void stop_all(void)
{
    counter = map_shared(4096);
    long pid = fork();
    if (pid == 0) {
        struct thread t;
        thread_start(&t, 0, bump_until_killed, NULL);
        for (;;)
            sys_sched_yield();
    }
    check_true("fork", pid > 0, pid);
    while (*counter == 0)
        sys_sched_yield();
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    int status = 0;
    check_eq("wait4 WUNTRACED", sys_wait4((int)pid, &status, WUNTRACED, NULL), pid);
    check_true("stopped", WIFSTOPPED(status), status);
    long seen = *counter;
    sleep_ms(30);
    check_eq("no thread runs while the group is stopped", *counter, seen);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    while (*counter == seen)
        sys_sched_yield();
    check_eq("SIGKILL", sys_kill((int)pid, SIGKILL), 0);
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_killed_by("SIGKILL kills every thread", status, SIGKILL);
    check_eq("munmap", sys_munmap((void *)counter, 4096), 0);
}

/* clone3: a thread, and the argument block's checks (Linux copy_clone_args_from_user). */
static long sys_clone3(void *args, unsigned long size)
{
    return syscall6(SYS_clone3, (long)args, (long)size, 0, 0, 0, 0);
}

static void clone3_checks(void)
{
    struct clone_args a;
    char big[128];

    memset(&a, 0, sizeof(a));
    a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    a.exit_signal = SIGCHLD;
    check_eq("clone3 with an exit signal for a thread", sys_clone3(&a, sizeof(a)), -EINVAL);
    a.exit_signal = 0;
    a.stack = 0x10000;
    check_eq("clone3 with a stack but no size", sys_clone3(&a, sizeof(a)), -EINVAL);
    a.stack = 0;
    a.flags = SIGCHLD;
    check_eq("clone3 with CSIGNAL bits in flags", sys_clone3(&a, sizeof(a)), -EINVAL);
    a.flags = 0;
    check_eq("clone3 smaller than its first version", sys_clone3(&a, 63), -EINVAL);
    check_eq("clone3 larger than a page", sys_clone3(&a, 4097), -E2BIG);
    memset(big, 0, sizeof(big));
    big[sizeof(big) - 1] = 1;
    check_eq("clone3 with unknown non-zero fields", sys_clone3(big, sizeof(big)), -E2BIG);
    a.flags = CLONE_THREAD;
    check_eq("clone3 CLONE_THREAD without CLONE_SIGHAND", sys_clone3(&a, sizeof(a)), -EINVAL);
    a.flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM;
    check_eq("clone3 CLONE_SIGHAND with CLONE_CLEAR_SIGHAND", sys_clone3(&a, sizeof(a)), -EINVAL);

    /* A thread through clone3, with its tls and tid stores. */
    struct ids ids;
    struct thread t;
    static unsigned long tls_block[4];
    memset(&ids, 0, sizeof(ids));
    memset(&a, 0, sizeof(a));
    t.stack = map_anon(THREAD_STACK);
    t.tid = -1;
    a.flags = THREAD_FLAGS | CLONE_SETTLS;
    a.stack = (unsigned long)t.stack;
    a.stack_size = THREAD_STACK - 16;
    a.tls = (unsigned long)tls_block;
    a.parent_tid = a.child_tid = (unsigned long)&t.tid;
    t.id = (int)clone3_fn(&a, record_ids, &ids);
    check_true("clone3 of a thread", t.id > 0, t.id);
    thread_join(&t);
    check_eq("clone3 thread's tid", ids.tid, t.id);
    check_eq("clone3 thread's pid is the group's", ids.pid, sys_getpid());
    check_eq("clone3 thread's tp is the tls", (long)ids.tp, (long)tls_block);

    /* A fork through clone3 (a larger, zero-padded block is accepted). */
    memset(big, 0, sizeof(big));
    ((struct clone_args *)big)->exit_signal = SIGCHLD;
    long pid = sys_clone3(big, sizeof(big));
    if (pid == 0)
        sys_exit(3);
    check_true("clone3 fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4 for the clone3 child", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("clone3 child", status, 3);
}

/* /proc: the process's status counts its threads and names its group; task/ has a
 * directory per thread with stat, status and comm. */
static long read_file(const char *path, char *buf, long size)
{
    long fd = sys_openat(AT_FDCWD, path, O_RDONLY, 0);
    if (fd < 0)
        return fd;
    long n = sys_read((int)fd, buf, (size_t)size - 1);
    check_eq("close", sys_close((int)fd), 0);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

static int contains(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (size_t left = strlen(text); left >= n; text++, left--)
        if (memcmp(text, word, n) == 0)
            return 1;
    return 0;
}

static void proc_task(void)
{
    char path[64], buf[2048], line[64];
    struct thread t;
    int released = 0;

    thread_start(&t, 0, spin_until_released, &released);
    check_true("read /proc/self/status", read_file("/proc/self/status", buf, sizeof(buf)) > 0, 0);
    check_true("Threads: 2", contains(buf, "Threads:\t2\n"), 0);
    snprintf(line, sizeof(line), "Tgid:\t%ld\n", sys_getpid());
    check_true("Tgid", contains(buf, line), 0);
    snprintf(path, sizeof(path), "/proc/self/task/%d/status", t.id);
    check_true("read the thread's status", read_file(path, buf, sizeof(buf)) > 0, 0);
    snprintf(line, sizeof(line), "Pid:\t%d\n", t.id);
    check_true("the thread's Pid is its tid", contains(buf, line), 0);
    snprintf(line, sizeof(line), "Tgid:\t%ld\n", sys_getpid());
    check_true("the thread's Tgid is the group's", contains(buf, line), 0);
    snprintf(path, sizeof(path), "/proc/self/task/%d/comm", t.id);
    check_eq("the thread's comm", read_file(path, buf, sizeof(buf)), sizeof("t_threads"));
    snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", sys_getpid());
    check_true("the leader's task stat", read_file(path, buf, sizeof(buf)) > 0, 0);
    released = 1;
    thread_join(&t);
    /* The join returns at the tid futex wake, while the thread may still be on its way
     * out on another hart (on Linux too: release_task comes after exit_mm's wake). */
    snprintf(path, sizeof(path), "/proc/self/task/%d", t.id);
    long fd;
    for (int tries = 0; (fd = sys_openat(AT_FDCWD, path, O_RDONLY, 0)) >= 0 && tries < 10000;
         tries++) {
        check_eq("close", sys_close((int)fd), 0);
        check_eq("sched_yield", sys_sched_yield(), 0);
    }
    check_eq("an exited thread's task directory is gone", fd, -ENOENT);
}

/* getrusage: RUSAGE_SELF counts every thread (an exited one too), RUSAGE_THREAD the
 * caller only. The worker spins for far more than a microsecond of CPU time. */
static int burn(void *arg)
{
    for (volatile long i = 0; i < 2000000; i++)
        ;
    return arg != NULL;
}

static long usec(const struct rusage *ru)
{
    return (ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000L + ru->ru_utime.tv_usec +
           ru->ru_stime.tv_usec;
}

static void rusage(void)
{
    struct rusage self, thread;
    struct thread t;

    thread_start(&t, 0, burn, NULL);
    thread_join(&t);
    check_eq("getrusage(RUSAGE_THREAD)", sys_getrusage(RUSAGE_THREAD, &thread), 0);
    check_eq("getrusage(RUSAGE_SELF)", sys_getrusage(RUSAGE_SELF, &self), 0);
    check_true("RUSAGE_SELF includes the exited thread's time", usec(&self) > usec(&thread) + 1000,
               usec(&self) - usec(&thread));
}

/* Thousands of short-lived threads, one after another: slots and stacks recycle. */
static int nothing(void *arg)
{
    (void)arg;
    return 0;
}

static void many_threads(void)
{
    for (int i = 0; i < 2000; i++) {
        struct thread t;
        thread_start(&t, 0, nothing, NULL);
        thread_join(&t);
    }
}

static void many_processes(void)
{
    for (int i = 0; i < 1000; i++) {
        long pid = fork();
        if (pid == 0)
            sys_exit(0);
        check_true("fork", pid > 0, pid);
        int status = 0;
        check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    }
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], EXEC_FLAG) == 0) {
        check_eq("after execve from a thread, getpid is the group's", sys_getpid(), atoi(argv[2]));
        check_eq("and gettid is getpid", sys_gettid(), sys_getpid());
        return 0;
    }
    thread_ids();
    settls();
    files_shared();
    files_copied();
    fs_shared();
    sighand_shared();
    exits();
    exec_from_thread();
    signals();
    check_killed_by("a fatal signal to one thread kills the group", run_in_child(fatal_child),
                    SIGTERM);
    fault_signal();
    stop_all();
    clone3_checks();
    proc_task();
    rusage();
    many_threads();
    many_processes();
    return 0;
}
