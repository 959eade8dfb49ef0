/* kill(2)'s targets and errors, as Linux: pid > 0 one process (zombies included: they
 * exist until reaped), 0 the caller's process group (the caller included), -pgid that
 * group, -1 every process but init and the caller; ESRCH when nothing matched, else EINVAL
 * for a bad signal number (Linux looks for the target first); signal 0 only checks. Init (pid 1) has no handlers, so every
 * signal sent to it is accepted and ignored: kill(1, SIGKILL) must not end the system. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define NO_SUCH_PID 999999

struct shared {
    volatile long pid[4];
    volatile int ready;
};

static struct shared *shared;

static void errors(void)
{
    long self = sys_getpid();

    check_eq("signal 0 to self", sys_kill((int)self, 0), 0);
    check_eq("negative signal", sys_kill((int)self, -1), -EINVAL);
    check_eq("signal 65", sys_kill((int)self, 65), -EINVAL);
    check_eq("bad signal to a missing process", sys_kill(NO_SUCH_PID, 65), -ESRCH);
    check_eq("bad signal to a group", sys_kill(0, 65), -EINVAL);
    check_eq("signal 0 to a missing process", sys_kill(NO_SUCH_PID, 0), -ESRCH);
    check_eq("SIGTERM to a missing process", sys_kill(NO_SUCH_PID, SIGTERM), -ESRCH);
    check_eq("a missing group", sys_kill(-NO_SUCH_PID, SIGTERM), -ESRCH);
    check_eq("pid INT_MIN", sys_kill(INT_MIN, 0), -ESRCH);
}

/* A zombie still exists for kill until it is reaped. */
static void zombies_exist(void)
{
    long pid = fork();
    if (pid == 0)
        exit(0);
    check_true("fork", pid > 0, pid);
    wait_zombie("the child exits", pid);
    check_eq("signal 0 to a zombie", sys_kill((int)pid, 0), 0);
    check_eq("SIGKILL to a zombie", sys_kill((int)pid, SIGKILL), 0);
    check_exited_with("a zombie keeps its status", wait_status("wait4", pid, 0), 0);
    check_eq("signal 0 once reaped", sys_kill((int)pid, 0), -ESRCH);
}

/* Init ignores every signal: no power-off, no stop, nothing. */
static void init_ignores_signals(void)
{
    for (int sig = 0; sig <= NSIG; sig++)
        check_eq("kill(1, sig) accepted", sys_kill(1, sig), 0);
    sleep_ms(10);
    check_eq("init is still there", sys_kill(1, 0), 0);
    check_eq("SIGCONT to init", sys_kill(1, SIGCONT), 0);
}

/* kill(-pgid): every member of the group, nobody else. */
static void kill_a_group(void)
{
    long a = start_sleeper(10000, 0);
    long b = start_sleeper(10000, 0);
    long outsider = start_sleeper(10000, 0);
    check_eq("setpgid(a, a)", sys_setpgid((int)a, (int)a), 0);
    check_eq("setpgid(b, a)", sys_setpgid((int)b, (int)a), 0);
    check_eq("signal 0 to the group", sys_kill((int)-a, 0), 0);
    check_eq("SIGUSR1 to the group", sys_kill((int)-a, SIGUSR1), 0);
    check_killed_by("group leader", wait_status("wait4", a, 0), SIGUSR1);
    check_killed_by("group member", wait_status("wait4", b, 0), SIGUSR1);
    check_eq("the group is gone", sys_kill((int)-a, 0), -ESRCH);
    check_eq("the outsider lives", sys_kill((int)outsider, 0), 0);
    check_eq("SIGKILL to the outsider", sys_kill((int)outsider, SIGKILL), 0);
    check_killed_by("outsider", wait_status("wait4", outsider, 0), SIGKILL);
}

/* kill(0): a child makes its own group with two children of its own, then signals its
 * group, itself included; its parent's group is not touched. */
static void kill_own_group(void)
{
    long pid = fork();
    if (pid == 0) {
        sys_setpgid(0, 0);
        shared->pid[0] = start_sleeper(10000, 0);
        shared->pid[1] = start_sleeper(10000, 0);
        sys_kill(0, SIGTERM);
        exit(1);   /* not reached: SIGTERM ends this process on its way back from kill */
    }
    check_true("fork", pid > 0, pid);
    check_killed_by("kill(0) includes the caller", wait_status("wait4", pid, 0), SIGTERM);
    wait_gone("kill(0) reaches the caller's group", shared->pid[0]);
    wait_gone("kill(0) reaches the caller's group", shared->pid[1]);
}

/* kill(-1): every process but init and the caller. Sent by a child, it stops this test
 * too (which is how SIGSTOP can be used safely here), and the child's own children,
 * which the child sees stopped; then kill(-1, SIGCONT) resumes all of them. */
static void kill_everybody(void)
{
    shared->ready = 0;
    long pid = fork();
    if (pid == 0) {
        long c1 = start_sleeper(10000, 0), c2 = start_sleeper(10000, 0);
        sleep_ms(10);
        if (sys_kill(-1, SIGSTOP) != 0)
            exit(1);
        int status = 0;
        int stopped = sys_wait4((int)c1, &status, WUNTRACED, NULL) == c1 && WIFSTOPPED(status) &&
                      sys_wait4((int)c2, &status, WUNTRACED, NULL) == c2 && WIFSTOPPED(status);
        shared->ready = stopped && sys_kill(1, 0) == 0;
        if (sys_kill(-1, SIGCONT) != 0)
            exit(2);
        sys_kill((int)c1, SIGKILL);
        sys_kill((int)c2, SIGKILL);
        sys_wait4((int)c1, &status, 0, NULL);
        sys_wait4((int)c2, &status, 0, NULL);
        exit(stopped ? 0 : 3);
    }
    check_true("fork", pid > 0, pid);
    int status = wait_status("wait4 for the child that sent kill(-1)", pid, 0);
    check_exited_with("kill(-1) stopped the other processes, SIGCONT resumed them", status, 0);
    check_eq("and init ignored both", shared->ready, 1);
}

int main(void)
{
    shared = map_shared(sizeof(*shared));
    errors();
    zombies_exist();
    init_ignores_signals();
    kill_a_group();
    kill_own_group();
    kill_everybody();
    return 0;
}
