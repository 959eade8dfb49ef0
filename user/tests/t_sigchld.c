/* SIGCHLD: a handler learns which child exited (si_pid) and how (si_code CLD_EXITED with
 * the exit code in si_status, CLD_KILLED with the signal), and that a child stopped or
 * continued (CLD_STOPPED, CLD_CONTINUED) unless SA_NOCLDSTOP. With SIGCHLD ignored, or
 * SA_NOCLDWAIT, children leave no zombie: wait4 waits for them all, then says ECHILD. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

static volatile int hits, seen_code, seen_pid, seen_status;

static void on_chld(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)uc;
    hits++;
    seen_code = info->si_code;
    seen_pid = info->u.kill.pid;
    seen_status = (int)info->u.kill.value;
}

/* Blocks SIGCHLD, runs until the child's SIGCHLD is pending, then takes it with a
 * handler by unblocking: no sleep decides the outcome. */
static void expect_chld(const char *what, long pid, int code, int status)
{
    uint64_t chld = SIGBIT(SIGCHLD), pending = 0;
    while (!(pending & chld)) {
        check_eq("sigpending", sys_rt_sigpending(&pending), 0);
        sys_sched_yield();
    }
    hits = 0;
    check_eq("unblock SIGCHLD", sys_rt_sigprocmask(SIG_UNBLOCK, &chld, NULL), 0);
    check_eq(what, hits, 1);
    check_eq("si_pid", seen_pid, pid);
    check_eq("si_code", seen_code, code);
    check_eq("si_status", seen_status, status);
    check_eq("block SIGCHLD", sys_rt_sigprocmask(SIG_BLOCK, &chld, NULL), 0);
}

static void reports(void)
{
    uint64_t chld = SIGBIT(SIGCHLD);

    set_handler(SIGCHLD, on_chld, 0, 0);
    check_eq("block SIGCHLD", sys_rt_sigprocmask(SIG_BLOCK, &chld, NULL), 0);
    long pid = fork();
    if (pid == 0)
        sys_exit(7);
    check_true("fork", pid > 0, pid);
    expect_chld("exit reported", pid, CLD_EXITED, 7);
    check_exited_with("wait4", wait_status("wait4", pid, 0), 7);

    pid = start_sleeper(10000, 0);
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    expect_chld("stop reported", pid, CLD_STOPPED, SIGSTOP);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    expect_chld("continue reported", pid, CLD_CONTINUED, SIGCONT);
    check_eq("SIGTERM", sys_kill((int)pid, SIGTERM), 0);
    expect_chld("kill reported", pid, CLD_KILLED, SIGTERM);
    check_killed_by("wait4", wait_status("wait4", pid, 0), SIGTERM);

    set_handler(SIGCHLD, on_chld, SA_NOCLDSTOP, 0);
    pid = start_sleeper(10000, 0);
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("wait4 WUNTRACED", pid, WUNTRACED);
    uint64_t pending;
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("SA_NOCLDSTOP: no SIGCHLD for a stop", (long)(pending & chld), 0);
    check_eq("SIGKILL", sys_kill((int)pid, SIGKILL), 0);
    check_killed_by("wait4", wait_status("wait4", pid, 0), SIGKILL);
    check_eq("unblock", sys_rt_sigprocmask(SIG_UNBLOCK, &chld, NULL), 0);
}

static void auto_reap(const char *what, const struct k_sigaction *act)
{
    int status;
    check_eq("sigaction", sys_rt_sigaction(SIGCHLD, act, NULL), 0);
    long quick = fork();
    if (quick == 0)
        sys_exit(0);
    check_true("fork", quick > 0, quick);
    long slow = start_sleeper(30, 0);
    check_eq(what, sys_wait4(-1, &status, 0, NULL), -ECHILD);
    check_eq("the quick child is gone", sys_kill((int)quick, 0), -ESRCH);
    check_eq("the slow child is gone", sys_kill((int)slow, 0), -ESRCH);
}

int main(void)
{
    reports();
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    auto_reap("SIG_IGN: wait4 waits for all, then ECHILD", &ign);
    struct k_sigaction nocldwait = { (uint64_t)(uintptr_t)on_chld, SA_SIGINFO | SA_NOCLDWAIT | SA_RESTART,
                                     0 };
    /* The handler runs for each exit; SA_RESTART resumes wait4 after it. */
    auto_reap("SA_NOCLDWAIT: wait4 waits for all, then ECHILD", &nocldwait);
    return 0;
}
