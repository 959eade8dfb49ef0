/* Signals and blocking calls: a handled signal ends a blocked pipe read with EINTR, or
 * restarts it under SA_RESTART (the read then returns the data); nanosleep ends with
 * EINTR and the time left even under SA_RESTART; writing to a pipe without readers
 * raises SIGPIPE (handled here) and fails with EPIPE. ITIMER_REAL sends SIGALRM once or
 * periodically; getitimer shows the time left; other timers and bad times are EINVAL. */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

struct shared {
    volatile int stop;
};

static struct shared *shared;
static volatile int hits;

static void on_signal(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
    hits++;
}

/* A child that sends SIGUSR1 to parent every 5 ms until told to stop, then writes a
 * byte to fd if it is not -1. */
static long start_pester(long parent, int fd)
{
    long pid = fork();
    if (pid == 0) {
        while (!shared->stop) {
            sys_kill((int)parent, SIGUSR1);
            sleep_ms(5);
        }
        if (fd >= 0)
            sys_write(fd, "x", 1);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    return pid;
}

static void pipe_read_interrupted(void)
{
    int fds[2];
    char c;
    long parent = sys_getpid();

    check_eq("pipe", sys_pipe2(fds, 0), 0);
    set_handler(SIGUSR1, on_signal, 0, 0);
    shared->stop = 0;
    hits = 0;
    long pid = start_pester(parent, -1);
    check_eq("read interrupted: EINTR", sys_read(fds[0], &c, 1), -EINTR);
    check_true("the handler ran", hits >= 1, hits);
    shared->stop = 1;
    /* A signal the child sent before it saw stop may still come: let it restart wait4. */
    set_handler(SIGUSR1, on_signal, SA_RESTART, 0);
    check_exited_with("pester", wait_status("wait4", pid, 0), 0);

    /* Restarted: the read waits on through the signals until the byte comes. */
    set_handler(SIGUSR1, on_signal, SA_RESTART, 0);
    shared->stop = 0;
    hits = 0;
    pid = start_pester(parent, fds[1]);
    while (hits < 3)
        sys_sched_yield();
    shared->stop = 1;
    check_eq("SA_RESTART: the read returns the byte", sys_read(fds[0], &c, 1), 1);
    check_eq("the byte", c, 'x');
    check_exited_with("pester", wait_status("wait4", pid, 0), 0);
    sys_close(fds[0]);
    sys_close(fds[1]);
}

static void sleep_interrupted(void)
{
    struct timespec req = { 10, 0 }, rem = { 0, 0 };
    long parent = sys_getpid();

    set_handler(SIGUSR1, on_signal, SA_RESTART, 0);
    shared->stop = 0;
    long pid = start_pester(parent, -1);
    check_eq("nanosleep: EINTR even with SA_RESTART", sys_nanosleep(&req, &rem), -EINTR);
    check_true("rem is the time left", rem.tv_sec > 0 && rem.tv_sec <= 10, rem.tv_sec);
    shared->stop = 1;
    check_exited_with("pester", wait_status("wait4", pid, 0), 0);
}

static volatile int pipes;

static void on_pipe(int sig, struct k_siginfo *info, void *uc)
{
    (void)info, (void)uc;
    pipes += sig == SIGPIPE;
}

static void broken_pipe(void)
{
    int fds[2];

    check_eq("pipe", sys_pipe2(fds, 0), 0);
    check_eq("close the read end", sys_close(fds[0]), 0);
    set_handler(SIGPIPE, on_pipe, 0, 0);
    check_eq("write: EPIPE", sys_write(fds[1], "x", 1), -EPIPE);
    check_eq("SIGPIPE handled", pipes, 1);
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("ignore SIGPIPE", sys_rt_sigaction(SIGPIPE, &ign, NULL), 0);
    check_eq("write: EPIPE, ignored", sys_write(fds[1], "x", 1), -EPIPE);
    check_eq("no handler", pipes, 1);
    sys_close(fds[1]);
}

static volatile int alarms;

static void on_alarm(int sig, struct k_siginfo *info, void *uc)
{
    (void)info, (void)uc;
    alarms += sig == SIGALRM;
}

static void itimer(void)
{
    struct itimerval once = { { 0, 0 }, { 0, 10000 } }, got, off = { { 0, 0 }, { 0, 0 } };
    struct itimerval periodic = { { 0, 5000 }, { 0, 5000 } }, bad = { { 0, 0 }, { 0, 1000000 } };
    struct itimerval far = { { 0, 0 }, { 100, 0 } };
    uint64_t alrm = SIGBIT(SIGALRM);

    set_handler(SIGALRM, on_alarm, 0, 0);
    check_eq("getitimer: disarmed", sys_getitimer(ITIMER_REAL, &got), 0);
    check_eq("disarmed value", got.it_value.tv_sec + got.it_value.tv_usec, 0);
    check_eq("one shot", sys_setitimer(ITIMER_REAL, &once, NULL), 0);
    check_eq("sigsuspend until SIGALRM", sys_rt_sigsuspend(&(uint64_t){ 0 }), -EINTR);
    check_eq("one SIGALRM", alarms, 1);
    check_eq("getitimer after", sys_getitimer(ITIMER_REAL, &got), 0);
    check_eq("disarmed after firing", got.it_value.tv_sec + got.it_value.tv_usec, 0);

    check_eq("periodic", sys_setitimer(ITIMER_REAL, &periodic, NULL), 0);
    while (alarms < 4)
        sys_rt_sigsuspend(&(uint64_t){ 0 });
    check_eq("disarm, reading the old one", sys_setitimer(ITIMER_REAL, &off, &got), 0);
    check_eq("old interval", got.it_interval.tv_usec, 5000);
    check_true("old value within the interval", got.it_value.tv_sec == 0 &&
               got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 5000, got.it_value.tv_usec);

    check_eq("far", sys_setitimer(ITIMER_REAL, &far, NULL), 0);
    check_eq("getitimer", sys_getitimer(ITIMER_REAL, &got), 0);
    check_true("time left", got.it_value.tv_sec >= 99 && got.it_value.tv_sec <= 100,
               got.it_value.tv_sec);
    check_eq("disarm", sys_setitimer(ITIMER_REAL, &off, NULL), 0);

    check_eq("ITIMER_VIRTUAL", sys_setitimer(ITIMER_VIRTUAL, &once, NULL), -EINVAL);
    check_eq("getitimer ITIMER_PROF", sys_getitimer(ITIMER_PROF, &got), -EINVAL);
    check_eq("bad usec", sys_setitimer(ITIMER_REAL, &bad, NULL), -EINVAL);
    check_eq("bad pointer", sys_setitimer(ITIMER_REAL, (void *)8, NULL), -EFAULT);
    uint64_t pending;
    check_eq("sigpending", sys_rt_sigpending(&pending), 0);
    check_eq("no SIGALRM left", (long)(pending & alrm), 0);
}

int main(void)
{
    shared = map_shared(PAGE_SIZE);
    pipe_read_interrupted();
    sleep_interrupted();
    broken_pipe();
    itimer();
    return 0;
}
