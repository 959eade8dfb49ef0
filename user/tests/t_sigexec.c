/* Signal state across fork and exec (Linux copy_sighand, flush_signal_handlers): a
 * forked child has the parent's actions and mask and nothing pending; after execve a
 * handled signal is back to SIG_DFL, an ignored one stays ignored, and the mask and the
 * pending signals are kept. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define SELF "/bin/t_sigexec"

static void on_signal(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
}

static void check_action(const char *what, int sig, uint64_t handler)
{
    struct k_sigaction act;
    check_eq("rt_sigaction read", sys_rt_sigaction(sig, NULL, &act), 0);
    check_eq(what, (long)act.handler, (long)handler);
}

/* The image execve started: what survived. */
static int after_exec(void)
{
    uint64_t mask, pending;
    check_action("exec resets a handler to SIG_DFL", SIGUSR1, SIG_DFL);
    check_action("exec keeps SIG_IGN", SIGUSR2, SIG_IGN);
    check_eq("mask read", sys_rt_sigprocmask(SIG_BLOCK, NULL, &mask), 0);
    check_eq("exec keeps the mask", (long)mask, (long)SIGBIT(SIGTERM));
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("exec keeps pending signals", (long)pending, (long)SIGBIT(SIGTERM));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "exec") == 0)
        return after_exec();

    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    uint64_t term = SIGBIT(SIGTERM), mask, pending;
    set_handler(SIGUSR1, on_signal, 0, 0);
    check_eq("ignore SIGUSR2", sys_rt_sigaction(SIGUSR2, &ign, NULL), 0);
    check_eq("block SIGTERM", sys_rt_sigprocmask(SIG_BLOCK, &term, NULL), 0);
    check_eq("SIGTERM to self, held", sys_kill((int)sys_getpid(), SIGTERM), 0);

    long pid = fork();
    if (pid == 0) {
        check_action("fork copies a handler", SIGUSR1, (uint64_t)(uintptr_t)on_signal);
        check_action("fork copies SIG_IGN", SIGUSR2, SIG_IGN);
        check_eq("mask read", sys_rt_sigprocmask(SIG_BLOCK, NULL, &mask), 0);
        check_eq("fork copies the mask", (long)mask, (long)term);
        check_eq("sigpending", sys_rt_sigpending(&pending), 0);
        check_eq("the child has nothing pending", (long)pending, 0);
        check_eq("SIGTERM to self again", sys_kill((int)sys_getpid(), SIGTERM), 0);
        char *args[] = { SELF, "exec", NULL };
        char *env[] = { NULL };
        sys_execve(SELF, args, env);
        fail("execve");
    }
    check_true("fork", pid > 0, pid);
    check_exited_with("the exec'd child", wait_status("wait4", pid, 0), 0);
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("the parent's SIGTERM still pending", (long)pending, (long)term);
    check_eq("discard it", sys_rt_sigaction(SIGTERM, &ign, NULL), 0);
    return 0;
}
