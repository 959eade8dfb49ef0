/* Default signal actions, as Linux has them (signal(7)): SIGCHLD, SIGURG and SIGWINCH are
 * ignored; SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU stop and SIGCONT continues, which wait4
 * reports with WUNTRACED and WCONTINUED in Linux's encoding; every other signal
 * terminates, and the core-dumping ones set the core bit (0x80) of the wait status. A
 * stopped process runs no more until SIGCONT; SIGKILL ends it at once, other fatal
 * signals only once it is continued. A process stopped in a sleep finishes the sleep
 * afterwards without an error. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

struct shared {
    volatile long counter;
};

static struct shared *shared;

static const int ignored[] = { SIGCHLD, SIGURG, SIGWINCH };
static const int stops[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
static const int terminating[] = {
    SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT,
    SIGVTALRM, SIGPROF, SIGIO, SIGPWR, 32, 33, 34, 50, 64,
};
static const int core_dumping[] = {
    SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS,
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A child that counts in user mode, yielding, until it is signalled. */
static long start_counter(void)
{
    shared->counter = 0;
    long pid = fork();
    if (pid == 0) {
        for (;;) {
            shared->counter++;
            sys_sched_yield();
        }
    }
    check_true("fork", pid > 0, pid);
    while (shared->counter == 0)
        sys_sched_yield();
    return pid;
}

/* A child that sleeps, then exits with code. */
static void check_counter_frozen(const char *what)
{
    long before = shared->counter;
    sleep_ms(30);
    check_eq(what, shared->counter, before);
}

static void check_counter_moves(const char *what)
{
    long before = shared->counter;
    for (int i = 0; i < 1000 && shared->counter == before; i++)
        sleep_ms(1);
    check_true(what, shared->counter != before, before);
}

static void kill_and_reap(long pid)
{
    check_eq("kill(child, SIGKILL)", sys_kill((int)pid, SIGKILL), 0);
    check_killed_by("child ended with SIGKILL", wait_status("wait4", pid, 0), SIGKILL);
}

static void ignored_signals(void)
{
    long pid = start_sleeper(50, 7);
    for (int i = 0; i < COUNT(ignored); i++)
        check_eq("kill with an ignored signal", sys_kill((int)pid, ignored[i]), 0);
    check_exited_with("child sent SIGCHLD, SIGURG and SIGWINCH", wait_status("wait4", pid, 0), 7);
}

static void fatal_signals(const int *sigs, int n, int core)
{
    for (int i = 0; i < n; i++) {
        long pid = start_sleeper(10000, 0);
        check_eq("kill with a fatal signal", sys_kill((int)pid, sigs[i]), 0);
        int status = wait_status("wait4", pid, 0);
        check_killed_by("child killed by its signal", status, sigs[i]);
        check_eq(core ? "core bit of a core-dumping signal" : "core bit of a terminating signal",
                 WCOREDUMP(status) != 0, core);
    }
}

static void stop_and_continue(void)
{
    long pid = start_counter();
    for (int i = 0; i < COUNT(stops); i++) {
        check_eq("kill with a stop signal", sys_kill((int)pid, stops[i]), 0);
        int status = wait_status("wait4(WUNTRACED) on a stopped child", pid, WUNTRACED);
        check_true("WIFSTOPPED", WIFSTOPPED(status), status);
        check_eq("stop status: the signal, then 0x7f", status, (stops[i] << 8) | 0x7f);
        check_eq("WSTOPSIG", WSTOPSIG(status), stops[i]);
        check_counter_frozen("a stopped child does not run");
        check_eq("a stop is reported once", sys_wait4((int)pid, &status, WUNTRACED | WNOHANG, NULL), 0);
        check_eq("kill(child, SIGCONT)", sys_kill((int)pid, SIGCONT), 0);
        status = wait_status("wait4(WCONTINUED) on a continued child", pid, WCONTINUED);
        check_true("WIFCONTINUED", WIFCONTINUED(status), status);
        check_eq("continued status", status, 0xffff);
        check_counter_moves("a continued child runs again");
        check_eq("a continue is reported once", sys_wait4((int)pid, &status, WCONTINUED | WNOHANG, NULL), 0);
    }
    /* Without WUNTRACED or WCONTINUED, wait4 reports neither. */
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    check_counter_frozen("stopped again");
    int status = 0;
    check_eq("wait4 without WUNTRACED ignores the stop", sys_wait4((int)pid, &status, WNOHANG, NULL), 0);
    /* A second stop signal to a stopped child changes nothing; one SIGCONT resumes it. */
    check_eq("SIGTSTP to a stopped child", sys_kill((int)pid, SIGTSTP), 0);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_counter_moves("continued after two stop signals");
    kill_and_reap(pid);
}

static void fatal_signals_while_stopped(void)
{
    long pid = start_counter();
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("stopped", pid, WUNTRACED);
    kill_and_reap(pid);   /* SIGKILL needs no SIGCONT */

    pid = start_counter();
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("stopped", pid, WUNTRACED);
    check_eq("SIGTERM to a stopped child", sys_kill((int)pid, SIGTERM), 0);
    check_counter_frozen("SIGTERM leaves a stopped child stopped");
    int status = 0;
    check_eq("a stopped child with SIGTERM pending is alive", sys_wait4((int)pid, &status, WNOHANG, NULL), 0);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_killed_by("SIGTERM acts once continued", wait_status("wait4", pid, 0), SIGTERM);

    /* Several pending: the lowest-numbered acts (SIGQUIT, which dumps core). */
    pid = start_counter();
    check_eq("SIGSTOP", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("stopped", pid, WUNTRACED);
    check_eq("SIGTERM to a stopped child", sys_kill((int)pid, SIGTERM), 0);
    check_eq("SIGQUIT to a stopped child", sys_kill((int)pid, SIGQUIT), 0);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    status = wait_status("wait4", pid, 0);
    check_killed_by("the lowest pending signal acts", status, SIGQUIT);
    check_true("with its core bit", WCOREDUMP(status), status);
}

/* A child stopped inside nanosleep: the stop is reported at once, and once continued
 * the sleep finishes normally (sleep_ms fails the child on any error). */
static void stop_in_a_sleep(void)
{
    long pid = start_sleeper(300, 5);
    sleep_ms(20);
    check_eq("SIGSTOP to a sleeping child", sys_kill((int)pid, SIGSTOP), 0);
    int status = wait_status("a sleeping child stops", pid, WUNTRACED);
    check_eq("stopped by SIGSTOP", status, (SIGSTOP << 8) | 0x7f);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_exited_with("the sleep went on after the stop", wait_status("wait4", pid, 0), 5);
}

/* The parent stopped inside wait4 goes on waiting once continued. */
static void stop_in_wait4(void)
{
    long pid = fork();
    if (pid == 0) {
        long child = start_sleeper(200, 9);
        int status = 0;
        long r = sys_wait4((int)child, &status, 0, NULL);
        exit(r == child && WIFEXITED(status) && WEXITSTATUS(status) == 9 ? 0 : 1);
    }
    check_true("fork", pid > 0, pid);
    sleep_ms(20);
    check_eq("SIGSTOP to a child in wait4", sys_kill((int)pid, SIGSTOP), 0);
    wait_status("a child in wait4 stops", pid, WUNTRACED);
    sleep_ms(20);
    check_eq("SIGCONT", sys_kill((int)pid, SIGCONT), 0);
    check_exited_with("wait4 went on after the stop", wait_status("wait4", pid, 0), 0);
}

static void bad_options(void)
{
    check_eq("wait4 with an unknown option", sys_wait4(-1, NULL, 0x4, NULL), -EINVAL);
}

int main(void)
{
    shared = map_shared(sizeof(*shared));
    ignored_signals();
    fatal_signals(terminating, COUNT(terminating), 0);
    fatal_signals(core_dumping, COUNT(core_dumping), 1);
    stop_and_continue();
    fatal_signals_while_stopped();
    stop_in_a_sleep();
    stop_in_wait4();
    bad_options();
    return 0;
}
