/* glibc's signal functions on this kernel, unchanged: signal(), sigaction with
 * SA_SIGINFO, raise (tgkill with the mask blocked around it), sigprocmask and
 * sigpending, alarm and ualarm (setitimer), sleep and nanosleep interrupted by a handled
 * signal (returning the time left), sigsetjmp/siglongjmp out of a SIGSEGV handler (the
 * mask is restored), a handler on a sigaltstack, and a signal sent to the process while
 * every thread blocks it, taken by the thread that unblocks it on that call's return,
 * whether that thread existed when it was sent or not. Built with glibc for rv64gc: its
 * handlers return through the kernel's sigreturn trampoline, as riscv64 has no
 * SA_RESTORER. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t hits, last_sig, last_code;
static volatile double fp_seen;

static void plain(int sig)
{
    hits++;
    last_sig = sig;
}

static void with_info(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    hits++;
    last_sig = sig;
    last_code = info->si_code;
    fp_seen = 1.5 * sig;   /* the handler may use FP; the interrupted code's is kept */
}

static void handlers(void)
{
    volatile double x = 2.25;

    hits = 0;
    check("signal()", signal(SIGUSR1, plain) != SIG_ERR);
    check("raise", raise(SIGUSR1) == 0);
    check("signal() handler ran", hits == 1 && last_sig == SIGUSR1);
    check("signal() handler stays (BSD semantics)", signal(SIGUSR1, plain) == plain);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO;
    check("sigaction", sigaction(SIGUSR2, &sa, NULL) == 0);
    check("raise SIGUSR2", raise(SIGUSR2) == 0);
    check("SA_SIGINFO handler ran", hits == 2 && last_sig == SIGUSR2);
    check("raise is tgkill: SI_TKILL", last_code == SI_TKILL);
    check("handler's FP", fp_seen == 1.5 * SIGUSR2);
    check("FP kept across the handler", x * 2 == 4.5);

    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    check("sigprocmask block", sigprocmask(SIG_BLOCK, &set, NULL) == 0);
    check("kill blocked", kill(getpid(), SIGUSR2) == 0);
    check("sigpending", sigpending(&pending) == 0 && sigismember(&pending, SIGUSR2));
    check("not run while blocked", hits == 2);
    check("sigprocmask unblock", sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
    check("run on unblock", hits == 3);
}

static void on_alarm(int sig)
{
    (void)sig;
    hits++;
}

static void alarms(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    check("sigaction SIGALRM", sigaction(SIGALRM, &sa, NULL) == 0);

    /* Periodic, so that a sleep is interrupted even if the process is kept off the CPU
     * past one expiry before it sleeps. */
    hits = 0;
    check("ualarm", ualarm(50000, 50000) == 0);
    unsigned left = sleep(5);
    check("sleep interrupted by SIGALRM", hits >= 1 && left >= 4 && left <= 5);

    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    int r = nanosleep(&req, &rem);
    check("nanosleep: EINTR", r == -1 && errno == EINTR);
    check("nanosleep: rem", rem.tv_sec >= 4 && rem.tv_sec <= 5);
    check("ualarm off", ualarm(0, 0) <= 50000);

    check("alarm", alarm(100) == 0);
    check("alarm reports the one pending", alarm(100) == 100);
    check("alarm(0) cancels it", alarm(0) == 100);
    check("alarm(0): nothing pending", alarm(0) == 0);
}

static sigjmp_buf env;
static volatile int *volatile unmapped = (int *)16;

static void on_segv(int sig)
{
    siglongjmp(env, sig);
}

static void jump_out(void)
{
    signal(SIGSEGV, on_segv);
    int sig = sigsetjmp(env, 1);
    if (sig == 0) {
        *unmapped = 1;
        check("not reached", 0);
    }
    check("siglongjmp out of the SIGSEGV handler", sig == SIGSEGV);
    sigset_t now;
    check("sigprocmask", sigprocmask(SIG_BLOCK, NULL, &now) == 0);
    check("SIGSEGV unblocked again by siglongjmp", !sigismember(&now, SIGSEGV));
    /* And a second time: the handler is still there, the mask right. */
    sig = sigsetjmp(env, 1);
    if (sig == 0)
        *unmapped = 1;
    check("second fault handled", sig == SIGSEGV);
}

static char altstack[65536];
static volatile int on_alt;

static void check_stack(int sig)
{
    char here;
    (void)sig;
    on_alt = &here > altstack && &here < altstack + sizeof(altstack);
}

static void alternate_stack(void)
{
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;
    check("sigaltstack", sigaltstack(&ss, NULL) == 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = check_stack;
    sa.sa_flags = SA_ONSTACK;
    check("sigaction SA_ONSTACK", sigaction(SIGUSR1, &sa, NULL) == 0);
    check("raise", raise(SIGUSR1) == 0);
    check("handler ran on the alternate stack", on_alt);
    check("sigaltstack read", sigaltstack(NULL, &old) == 0 && old.ss_sp == altstack &&
          old.ss_flags == 0);
}

/* A process-directed signal that no thread can take stays queued for the group; the thread
 * that unblocks it takes it before pthread_sigmask returns (Linux: a pending unblocked
 * signal is delivered on the way back to user mode). */
static volatile pid_t taker;

static void note_taker(int sig)
{
    (void)sig;
    taker = (pid_t)syscall(SYS_gettid);
}

static pthread_barrier_t both_blocking;

static void *unblock_and_look(void *wait_first)
{
    sigset_t usr2;
    int ok = 1;

    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    if (wait_first) {   /* until the main thread has sent it */
        int r = pthread_barrier_wait(&both_blocking);
        ok = r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD;
    }
    ok = ok && pthread_sigmask(SIG_UNBLOCK, &usr2, NULL) == 0 &&
         taker == (pid_t)syscall(SYS_gettid);
    return ok ? (void *)1 : NULL;
}

static void group_signal(int thread_first)
{
    sigset_t usr2, old;
    pthread_t t;
    void *ok = NULL;

    taker = 0;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    check("SIGUSR2 handler", signal(SIGUSR2, note_taker) != SIG_ERR);
    check("block SIGUSR2", sigprocmask(SIG_BLOCK, &usr2, &old) == 0);
    if (thread_first) {
        check("barrier", pthread_barrier_init(&both_blocking, NULL, 2) == 0);
        check("thread", pthread_create(&t, NULL, unblock_and_look, (void *)1) == 0);
        check("kill to the process", kill(getpid(), SIGUSR2) == 0);
        int r = pthread_barrier_wait(&both_blocking);
        check("barrier wait", r == 0 || r == PTHREAD_BARRIER_SERIAL_THREAD);
    } else {
        check("kill to the process", kill(getpid(), SIGUSR2) == 0);
        check("thread", pthread_create(&t, NULL, unblock_and_look, NULL) == 0);
    }
    check("join", pthread_join(t, &ok) == 0);
    check(thread_first ? "the unblocking thread took the group's signal at once"
                       : "a thread made after the group's signal took it at once", ok != NULL);
    check("not taken by the blocking thread", taker != getpid());
    check("restore the mask", sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    if (thread_first)
        check("barrier destroy", pthread_barrier_destroy(&both_blocking) == 0);
}

int main(void)
{
    handlers();
    alarms();
    jump_out();
    alternate_stack();
    group_signal(1);
    group_signal(0);
    if (!failures)
        printf("glibc signals: all checks passed\n");
    return failures != 0;
}
