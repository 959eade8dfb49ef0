/* The console's output queue (ioctl_tty(2), termios(3)): a write to the terminal is
 * copied into a 4 KiB transmit queue that the UART's interrupt drains, as on Linux.
 * Output suspended with TCOOFF keeps everything queued, so the queue can be seen:
 * TIOCOUTQ counts it; an O_NONBLOCK write into a full queue is short, then EAGAIN, and
 * poll says no POLLOUT; TCOON sends it and tcdrain (TCSBRK with 1) waits for that;
 * TCFLSH with TCOFLUSH drops it; a tcdrain a signal interrupts fails with EINTR; a
 * blocking write three times the queue's size waits for room and takes everything.
 * Without the queue (output written synchronously) the first write would go out whole. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "abi/poll.h"
#include "testlib.h"

#define QUEUE 4096
#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)

static char spaces[3 * QUEUE];

static long queued(void)
{
    int n = -1;
    check_eq("TIOCOUTQ", sys_ioctl(1, TIOCOUTQ, &n), 0);
    return n;
}

static long poll_out(void)
{
    struct pollfd p = { 1, POLLOUT, 0 };
    struct timespec zero = { 0, 0 };
    long r = syscall6(SYS_ppoll, (long)&p, 1, (long)&zero, 0, 8, 0);
    check_true("ppoll", r >= 0, r);
    return r ? p.revents : 0;
}

static void flow(int how)
{
    check_eq("TCXONC", sys_ioctl(1, TCXONC, (void *)(long)how), 0);
}

static void fill_while_stopped(void)
{
    long flags = sys_fcntl(1, F_GETFL, 0);
    check_true("F_GETFL", flags >= 0, flags);
    /* What runtests printed before may still be going out (slowly, on a busy host). */
    check_eq("tcdrain first", sys_ioctl(1, TCSBRK, (void *)1), 0);
    flow(TCOOFF);
    check_eq("nothing queued at first", queued(), 0);
    check_eq("a write while stopped", sys_write(1, "0123456789", 10), 10);
    check_eq("it is queued", queued(), 10);
    check_eq("O_NONBLOCK", sys_fcntl(1, F_SETFL, flags | O_NONBLOCK), 0);
    check_eq("a non-blocking write fills the queue", sys_write(1, spaces, sizeof spaces),
             QUEUE - 10);
    check_eq("the queue is full", queued(), QUEUE);
    check_eq("then EAGAIN", sys_write(1, spaces, 1), -EAGAIN);
    check_eq("no POLLOUT", poll_out(), 0);
    check_eq("flags back", sys_fcntl(1, F_SETFL, flags), 0);
    flow(TCOON);
    check_eq("tcdrain", sys_ioctl(1, TCSBRK, (void *)1), 0);
    check_eq("drained", queued(), 0);
    check_eq("POLLOUT", poll_out(), POLLOUT);
    check_eq("a newline", sys_write(1, "\n", 1), 1);
}

static void flush_output(void)
{
    flow(TCOOFF);
    check_eq("a write while stopped", sys_write(1, "dropped", 7), 7);
    check_eq("TCFLSH TCOFLUSH", sys_ioctl(1, TCFLSH, (void *)TCOFLUSH), 0);
    check_eq("nothing queued", queued(), 0);
    flow(TCOON);
}

static volatile int alarms;

static void on_alarm(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
    alarms++;
}

static void drain_interrupted(void)
{
    struct itimerval once = { { 0, 0 }, { 0, 20000 } };
    set_handler(SIGALRM, on_alarm, 0, 0);
    flow(TCOOFF);
    check_eq("a write while stopped", sys_write(1, "waiting\n", 8), 8);
    check_eq("setitimer", sys_setitimer(ITIMER_REAL, &once, NULL), 0);
    check_eq("tcdrain while stopped, interrupted", sys_ioctl(1, TCSBRK, (void *)1), -EINTR);
    check_eq("the handler ran", alarms, 1);
    struct termios t;
    check_eq("TCGETS", sys_ioctl(1, TCGETS, &t), 0);
    check_eq("setitimer", sys_setitimer(ITIMER_REAL, &once, NULL), 0);
    check_eq("TCSETSW waits for the output, interrupted", sys_ioctl(1, TCSETSW, &t),
             -EINTR);
    check_eq("the handler ran again", alarms, 2);
    flow(TCOON);
    check_eq("TCSETSW", sys_ioctl(1, TCSETSW, &t), 0);
    check_eq("TCSETSW drained the queue", queued(), 0);
}

int main(void)
{
    memset(spaces, ' ', sizeof spaces);
    fill_while_stopped();
    flush_output();
    drain_interrupted();
    check_eq("a blocking write larger than the queue", sys_write(1, spaces, sizeof spaces),
             sizeof spaces);
    check_eq("a newline", sys_write(1, "\n", 1), 1);
    check_eq("TIOCOUTQ into a kernel address", sys_ioctl(1, TIOCOUTQ, KERNEL_ADDRESS),
             -EFAULT);
    return 0;
}
