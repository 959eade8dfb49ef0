/* Waiting for signals and sending one to a process with a siginfo: rt_sigsuspend
 * replaces the mask until a handler has run, then restores it and fails with EINTR;
 * rt_sigtimedwait takes a blocked signal without its handler (si_code, si_pid), times
 * out with EAGAIN (a zero timeout polls), and validates its timeout; tkill and tgkill
 * (SI_TKILL; a tid is a pid) and rt_sigqueueinfo (si_value kept; EPERM for a
 * kernel-looking code to another process) with their errors. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

static volatile int hits, seen_code;
static volatile uint64_t seen_value, mask_inside;

static void on_signal(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)uc;
    hits++;
    seen_code = info->si_code;
    seen_value = info->u.kill.value;
    sys_rt_sigprocmask(SIG_BLOCK, NULL, (uint64_t *)&mask_inside);
}

static void suspend(void)
{
    uint64_t usr1 = SIGBIT(SIGUSR1), usr2 = SIGBIT(SIGUSR2), now;
    long parent = sys_getpid();

    set_handler(SIGUSR1, on_signal, 0, 0);
    check_eq("block SIGUSR1", sys_rt_sigprocmask(SIG_SETMASK, &usr1, NULL), 0);
    hits = 0;
    long pid = fork();
    if (pid == 0) {
        sleep_ms(20);
        sys_kill((int)parent, SIGUSR1);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_eq("sigsuspend returns EINTR", sys_rt_sigsuspend(&usr2), -EINTR);
    check_eq("the handler ran", hits, 1);
    check_eq("inside, the suspend mask plus the signal", (long)mask_inside,
             (long)(usr2 | usr1));
    check_eq("read mask", sys_rt_sigprocmask(SIG_BLOCK, NULL, &now), 0);
    check_eq("the old mask is back", (long)now, (long)usr1);
    check_exited_with("child", wait_status("wait4", pid, 0), 0);
    check_eq("unblock", sys_rt_sigprocmask(SIG_SETMASK, &(uint64_t){ 0 }, NULL), 0);
}

static void timedwait(void)
{
    uint64_t usr1 = SIGBIT(SIGUSR1), usr2 = SIGBIT(SIGUSR2);
    struct k_siginfo info;
    struct timespec zero = { 0, 0 }, short_wait = { 0, 20000000 }, bad = { 0, 1000000000 };
    long self = sys_getpid();

    hits = 0;
    check_eq("block", sys_rt_sigprocmask(SIG_SETMASK, &usr1, NULL), 0);
    check_eq("poll, nothing pending", sys_rt_sigtimedwait(&usr1, &info, &zero), -EAGAIN);
    check_eq("timeout", sys_rt_sigtimedwait(&usr1, &info, &short_wait), -EAGAIN);
    check_eq("bad timeout", sys_rt_sigtimedwait(&usr1, &info, &bad), -EINVAL);
    check_eq("kill self", sys_kill((int)self, SIGUSR1), 0);
    check_eq("taken at once", sys_rt_sigtimedwait(&usr1, &info, &zero), SIGUSR1);
    check_eq("si_signo", info.si_signo, SIGUSR1);
    check_eq("si_code", info.si_code, SI_USER);
    check_eq("si_pid", info.u.kill.pid, self);
    check_eq("no handler ran", hits, 0);

    long pid = fork();
    if (pid == 0) {
        sleep_ms(20);
        sys_kill((int)sys_getppid(), SIGUSR1);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_eq("waited for without a timeout", sys_rt_sigtimedwait(&usr1, &info, NULL), SIGUSR1);
    check_eq("sender", info.u.kill.pid, pid);
    check_exited_with("child", wait_status("wait4", pid, 0), 0);
    check_eq("not in the set: EAGAIN", (sys_kill((int)self, SIGUSR1),
             sys_rt_sigtimedwait(&usr2, &info, &zero)), -EAGAIN);
    check_eq("still pending for the right set", sys_rt_sigtimedwait(&usr1, NULL, &zero),
             SIGUSR1);
    check_eq("unblock", sys_rt_sigprocmask(SIG_SETMASK, &(uint64_t){ 0 }, NULL), 0);
}

static void send_with_info(void)
{
    long self = sys_getpid();
    struct k_siginfo info = { .si_code = SI_QUEUE, .u.kill = { (int)self, 0, 0x1234 } };

    set_handler(SIGUSR2, on_signal, 0, 0);
    hits = 0;
    check_eq("tkill", sys_tkill((int)self, SIGUSR2), 0);
    check_eq("tkill handled", hits, 1);
    check_eq("tkill si_code", seen_code, SI_TKILL);
    check_eq("tgkill", sys_tgkill((int)self, (int)self, SIGUSR2), 0);
    check_eq("tgkill handled", hits, 2);
    check_eq("tgkill si_code", seen_code, SI_TKILL);
    check_eq("rt_sigqueueinfo", sys_rt_sigqueueinfo((int)self, SIGUSR2, &info), 0);
    check_eq("queued handled", hits, 3);
    check_eq("si_code SI_QUEUE", seen_code, SI_QUEUE);
    check_eq("si_value", (long)seen_value, 0x1234);

    check_eq("tkill tid 0", sys_tkill(0, SIGUSR2), -EINVAL);
    check_eq("tkill missing", sys_tkill(999999, SIGUSR2), -ESRCH);
    check_eq("tkill bad signal", sys_tkill((int)self, 65), -EINVAL);
    check_eq("tkill signal 0", sys_tkill((int)self, 0), 0);
    check_eq("tgkill tgid 0", sys_tgkill(0, (int)self, SIGUSR2), -EINVAL);
    check_eq("tgkill other group", sys_tgkill(999999, (int)self, SIGUSR2), -ESRCH);
    struct k_siginfo user = { .si_code = SI_USER };
    check_eq("sigqueueinfo SI_USER to another", sys_rt_sigqueueinfo(999999, SIGUSR2, &user), -EPERM);
    check_eq("sigqueueinfo bad pointer", sys_rt_sigqueueinfo((int)self, SIGUSR2, (void *)8),
             -EFAULT);
    check_eq("nothing else ran", hits, 3);
}

int main(void)
{
    suspend();
    timedwait();
    send_with_info();
    return 0;
}
