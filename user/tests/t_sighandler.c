/* Signal handlers (rt_sigaction): a handler runs on kill and returns to the interrupted
 * code; siginfo says who sent it; the handler's signal is blocked while it runs unless
 * SA_NODEFER (then it nests); sa_mask is added; SA_RESETHAND runs the handler once;
 * rt_sigprocmask blocks and rt_sigpending shows the blocked ones, delivered once
 * unblocked; SIG_IGN discards; the errors of rt_sigaction and rt_sigprocmask (Linux:
 * EINVAL for SIGKILL/SIGSTOP, bad numbers and set sizes, a bad how). */
#include <errno.h>
#include <signal.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

static volatile int hits, runs, depth, max_depth, seen_sig, seen_code, seen_pid;
static volatile unsigned long mask_inside;

static void on_signal(int sig, struct k_siginfo *info, void *uc)
{
    (void)uc;
    hits++;
    seen_sig = sig;
    seen_code = info->si_code;
    seen_pid = info->u.kill.pid;
    sys_rt_sigprocmask(SIG_BLOCK, NULL, (uint64_t *)&mask_inside);
}

/* A handler without SA_SIGINFO gets only the number (it may ignore a1, a2). */
static void plain_handler(int sig)
{
    hits++;
    seen_sig = sig;
}

static void basic(void)
{
    long self = sys_getpid();

    hits = 0;
    set_handler(SIGUSR1, on_signal, 0, SIGBIT(SIGUSR2));
    check_eq("kill to self", sys_kill((int)self, SIGUSR1), 0);
    check_eq("the handler ran before kill returned", hits, 1);
    check_eq("a0 = the signal", seen_sig, SIGUSR1);
    check_eq("si_code SI_USER", seen_code, SI_USER);
    check_eq("si_pid", seen_pid, self);
    check_eq("the signal and sa_mask blocked inside", (long)mask_inside,
             (long)(SIGBIT(SIGUSR1) | SIGBIT(SIGUSR2)));
    uint64_t now;
    check_eq("mask read", sys_rt_sigprocmask(SIG_BLOCK, NULL, &now), 0);
    check_eq("the mask is back after the handler", (long)now, 0);

    struct k_sigaction plain = { (uint64_t)(uintptr_t)plain_handler, 0, 0 }, old;
    check_eq("handler without SA_SIGINFO", sys_rt_sigaction(SIGUSR2, &plain, NULL), 0);
    check_eq("kill SIGUSR2", sys_kill((int)self, SIGUSR2), 0);
    check_eq("plain handler ran", hits, 2);
    check_eq("plain handler's signal", seen_sig, SIGUSR2);
    check_eq("old action read", sys_rt_sigaction(SIGUSR2, NULL, &old), 0);
    check_eq("old handler", (long)old.handler, (long)(uintptr_t)plain_handler);
}

static void blocking(void)
{
    long self = sys_getpid();
    uint64_t set = SIGBIT(SIGUSR1), pending, old;

    hits = 0;
    set_handler(SIGUSR1, on_signal, 0, 0);
    check_eq("block", sys_rt_sigprocmask(SIG_BLOCK, &set, &old), 0);
    check_eq("kill while blocked", sys_kill((int)self, SIGUSR1), 0);
    check_eq("kill again (not queued twice)", sys_kill((int)self, SIGUSR1), 0);
    check_eq("not delivered while blocked", hits, 0);
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("pending set", (long)pending, (long)SIGBIT(SIGUSR1));
    check_eq("unblock", sys_rt_sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
    check_eq("delivered once on unblock", hits, 1);
    check_eq("sigpending after", sys_rt_sigpending(&pending), 0);
    check_eq("nothing pending", (long)pending, 0);

    /* SIGKILL and SIGSTOP cannot be blocked. */
    uint64_t all = ~0UL, now;
    check_eq("block everything", sys_rt_sigprocmask(SIG_SETMASK, &all, NULL), 0);
    check_eq("read mask", sys_rt_sigprocmask(SIG_SETMASK, &old, &now), 0);
    check_eq("SIGKILL and SIGSTOP stay unblocked", (long)now,
             (long)(~0UL & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))));

    /* Ignoring a pending signal discards it. */
    check_eq("block again", sys_rt_sigprocmask(SIG_BLOCK, &set, NULL), 0);
    check_eq("kill blocked", sys_kill((int)self, SIGUSR1), 0);
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("SIG_IGN", sys_rt_sigaction(SIGUSR1, &ign, NULL), 0);
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("discarded", (long)pending, 0);
    check_eq("kill ignored", sys_kill((int)self, SIGUSR1), 0);
    check_eq("unblock", sys_rt_sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
    check_eq("ignored signals never run a handler", hits, 1);
}

static void nested(int sig, struct k_siginfo *info, void *uc)
{
    (void)info, (void)uc;
    depth++;
    runs++;
    if (depth > max_depth)
        max_depth = depth;
    if (runs < 3)
        sys_kill((int)sys_getpid(), sig);
    depth--;
}

static void nodefer_and_resethand(void)
{
    long self = sys_getpid();

    depth = max_depth = runs = 0;
    set_handler(SIGUSR1, nested, SA_NODEFER, 0);
    check_eq("kill", sys_kill((int)self, SIGUSR1), 0);
    check_eq("SA_NODEFER: the handler nests", max_depth, 3);

    depth = max_depth = runs = 0;
    set_handler(SIGUSR1, nested, 0, 0);
    check_eq("kill", sys_kill((int)self, SIGUSR1), 0);
    check_eq("without SA_NODEFER: one level, the rest after return", max_depth, 1);
    check_eq("each signal sent ran the handler", runs, 3);
    check_eq("depth back", depth, 0);

    hits = 0;
    set_handler(SIGUSR2, on_signal, SA_RESETHAND, 0);
    check_eq("kill", sys_kill((int)self, SIGUSR2), 0);
    check_eq("SA_RESETHAND: handler ran", hits, 1);
    struct k_sigaction now;
    check_eq("read action", sys_rt_sigaction(SIGUSR2, NULL, &now), 0);
    check_eq("SA_RESETHAND: back to SIG_DFL", (long)now.handler, (long)SIG_DFL);
}

static void errors(void)
{
    struct k_sigaction act = { (uint64_t)(uintptr_t)on_signal, SA_SIGINFO, 0 };
    uint64_t set = 0;

    check_eq("SIGKILL", sys_rt_sigaction(SIGKILL, &act, NULL), -EINVAL);
    check_eq("SIGSTOP", sys_rt_sigaction(SIGSTOP, &act, NULL), -EINVAL);
    check_eq("SIGKILL read is fine", sys_rt_sigaction(SIGKILL, NULL, &act), 0);
    check_eq("signal 0", sys_rt_sigaction(0, &act, NULL), -EINVAL);
    check_eq("signal 65", sys_rt_sigaction(65, &act, NULL), -EINVAL);
    check_eq("sigsetsize 4", syscall6(SYS_rt_sigaction, SIGUSR1, (long)&act, 0, 4, 0, 0),
             -EINVAL);
    check_eq("bad act pointer", sys_rt_sigaction(SIGUSR1, (void *)8, NULL), -EFAULT);
    check_eq("bad how", sys_rt_sigprocmask(7, &set, NULL), -EINVAL);
    check_eq("procmask sigsetsize 16",
             syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, 0, 16, 0, 0), -EINVAL);
    check_eq("sigpending sigsetsize 16", syscall6(SYS_rt_sigpending, (long)&set, 16, 0, 0, 0, 0),
             -EINVAL);
}

int main(void)
{
    basic();
    blocking();
    nodefer_and_resethand();
    errors();
    return 0;
}
