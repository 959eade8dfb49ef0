/* The console as a terminal (termios(3), ioctl_tty(2), credentials(7)).
 *
 * Run by runtests (no arguments): termios and window-size requests on the console and
 * their errors (ENOTTY on pipes, files and /dev/null, EFAULT, EINVAL), FIONREAD,
 * sessions (getsid, setsid, setpgid within a session only, /dev/tty without a
 * controlling terminal), the foreground
 * group, and job control: a background group's read stops it with SIGTTIN, its write
 * with TOSTOP set and its TIOCSPGRP with SIGTTOU, unless the signal is blocked or
 * ignored (then EIO for the read; a handler makes TIOCSPGRP fail with EINTR); a stopped
 * group orphaned by an exit gets SIGHUP.
 *
 * Run from the shell with an argument, it is what the typed console tests
 * (tests/qemu_cases.py, tty/...) drive over the UART:
 *     lines   prints each canonical read as read "TEXT" until end of file
 *     raw     ICANON and ECHO off, VMIN 1 VTIME 0: prints three single-byte reads
 *     noecho  ECHO off: reads one line and prints its length
 *     spin    loops until a signal ends or stops it */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define NO_SUCH_PID 99999

_Static_assert(sizeof(struct termios) == 36, "riscv64 Linux's kernel termios is 36 bytes");

static struct termios saved;

static void must_get(struct termios *t)
{
    check_eq("TCGETS", sys_ioctl(0, TCGETS, t), 0);
}

static void must_set(const struct termios *t)
{
    check_eq("TCSETS", sys_ioctl(0, TCSETS, (void *)t), 0);
}

static void not_a_terminal(void)
{
    struct termios t;
    int fds[2];
    check_eq("pipe2", sys_pipe2(fds, 0), 0);
    check_eq("TCGETS on a pipe", sys_ioctl(fds[0], TCGETS, &t), -ENOTTY);
    check_eq("TIOCGWINSZ on a pipe", sys_ioctl(fds[1], TIOCGWINSZ, &t), -ENOTTY);
    check_eq("close", sys_close(fds[0]), 0);
    check_eq("close", sys_close(fds[1]), 0);
    long fd = sys_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
    check_true("open /dev/null", fd >= 0, fd);
    check_eq("TCGETS on /dev/null", sys_ioctl((int)fd, TCGETS, &t), -ENOTTY);
    check_eq("close", sys_close((int)fd), 0);
    fd = sys_openat(AT_FDCWD, "/tmp/t_tty.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    check_true("create a file", fd >= 0, fd);
    check_eq("TCGETS on a file", sys_ioctl((int)fd, TCGETS, &t), -ENOTTY);
    check_eq("close", sys_close((int)fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, "/tmp/t_tty.file", 0), 0);
}

static void termios_requests(void)
{
    struct termios t;
    must_get(&t);
    check_true("ICANON, ECHO and ISIG on", (t.c_lflag & (ICANON | ECHO | ISIG)) ==
               (ICANON | ECHO | ISIG), t.c_lflag);
    check_true("ICRNL on, OPOST|ONLCR on", (t.c_iflag & ICRNL) &&
               (t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR), t.c_oflag);
    check_eq("VINTR is ^C", t.c_cc[VINTR], 3);
    check_eq("VERASE is DEL", t.c_cc[VERASE], 0x7f);
    check_eq("VKILL is ^U", t.c_cc[VKILL], 0x15);
    check_eq("VEOF is ^D", t.c_cc[VEOF], 4);
    check_eq("VWERASE is ^W", t.c_cc[VWERASE], 0x17);
    check_eq("VMIN is 1", t.c_cc[VMIN], 1);

    struct termios changed = t, back;
    changed.c_lflag &= ~(unsigned)ECHO;
    changed.c_cc[VTIME] = 5;
    must_set(&changed);
    must_get(&back);
    check_eq("TCSETS took ECHO off", back.c_lflag & ECHO, 0);
    check_eq("TCSETS set VTIME", back.c_cc[VTIME], 5);
    check_eq("TCSETSF", sys_ioctl(0, TCSETSF, &t), 0);
    check_eq("TCSETSW", sys_ioctl(0, TCSETSW, &t), 0);
    must_get(&back);
    check_eq("settings restored", memcmp(&back, &t, sizeof(t)), 0);

    check_eq("TCGETS into a kernel address", sys_ioctl(0, TCGETS, KERNEL_ADDRESS), -EFAULT);
    check_eq("TCSETS from a kernel address", sys_ioctl(0, TCSETS, KERNEL_ADDRESS), -EFAULT);
    check_eq("TCFLSH with a bad queue", sys_ioctl(0, TCFLSH, (void *)7), -EINVAL);
    check_eq("TCFLSH TCIFLUSH", sys_ioctl(0, TCFLSH, (void *)TCIFLUSH), 0);
    check_eq("TCXONC with a bad action", sys_ioctl(0, TCXONC, (void *)9), -EINVAL);
    check_eq("TCXONC TCOON", sys_ioctl(1, TCXONC, (void *)TCOON), 0);
    check_eq("an unknown request", sys_ioctl(0, 0x54ff, &t), -ENOTTY);
    int n = -1;
    check_eq("a read of 0 bytes returns at once", sys_read(0, &n, 0), 0);
    check_eq("FIONREAD", sys_ioctl(0, FIONREAD, &n), 0);
    check_eq("nothing typed", n, 0);
}

static void window_size(void)
{
    struct winsize ws, big = { 50, 132, 0, 0 }, back;
    check_eq("TIOCGWINSZ", sys_ioctl(1, TIOCGWINSZ, &ws), 0);
    check_eq("24 rows", ws.ws_row, 24);
    check_eq("80 columns", ws.ws_col, 80);
    check_eq("TIOCSWINSZ", sys_ioctl(1, TIOCSWINSZ, &big), 0);
    check_eq("TIOCGWINSZ again", sys_ioctl(1, TIOCGWINSZ, &back), 0);
    check_true("the size set", back.ws_row == 50 && back.ws_col == 132, back.ws_row);
    check_eq("TIOCSWINSZ back", sys_ioctl(1, TIOCSWINSZ, &ws), 0);
    check_eq("TIOCGWINSZ into a kernel address", sys_ioctl(1, TIOCGWINSZ, KERNEL_ADDRESS),
             -EFAULT);
}

/* In a new session: no controlling terminal, so no /dev/tty and no foreground group. */
static void new_session(void)
{
    long pid = sys_getpid(), fg;
    check_eq("setsid", sys_setsid(), pid);
    check_eq("getsid", sys_getsid(0), pid);
    check_eq("the session's group", sys_getpgrp(), pid);
    check_eq("setsid again (a group leader)", sys_setsid(), -EPERM);
    check_eq("setpgid of a session leader", sys_setpgid(0, 0), -EPERM);
    long child = fork();
    if (child == 0) {
        check_eq("setpgid into a group of another session", sys_setpgid(0, 1), -EPERM);
        check_eq("setpgid into a new group", sys_setpgid(0, 0), 0);
        sys_exit(0);
    }
    check_exited_with("a child in the new session", wait_status("child", child, 0), 0);
    check_eq("open /dev/tty", sys_openat(AT_FDCWD, "/dev/tty", O_RDWR, 0), -ENXIO);
    check_eq("TIOCGPGRP of another session's terminal", sys_ioctl(0, TIOCGPGRP, &fg), -ENOTTY);
    check_eq("TIOCSCTTY of a terminal another session has", sys_ioctl(0, TIOCSCTTY, 0), -EPERM);
    check_eq("TIOCNOTTY without a terminal", sys_ioctl(0, TIOCNOTTY, 0), -ENOTTY);
    long fd = sys_openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY, 0);
    check_true("open /dev/console", fd >= 0, fd);
    check_eq("still no /dev/tty", sys_openat(AT_FDCWD, "/dev/tty", O_RDWR, 0), -ENXIO);
}

static void sessions(void)
{
    int fg = 0, sid = 0;
    check_eq("init's session", sys_getsid(0), 1);
    check_eq("getsid of init", sys_getsid(1), 1);
    check_eq("getsid of nobody", sys_getsid(NO_SUCH_PID), -ESRCH);
    long fd = sys_openat(AT_FDCWD, "/dev/tty", O_RDWR, 0);
    check_true("open /dev/tty", fd >= 0, fd);
    struct termios t;
    check_eq("/dev/tty is a terminal", sys_ioctl((int)fd, TCGETS, &t), 0);
    check_eq("close", sys_close((int)fd), 0);
    check_eq("TIOCGSID", sys_ioctl(0, TIOCGSID, &sid), 0);
    check_eq("the console's session is init's", sid, 1);
    check_eq("TIOCGPGRP", sys_ioctl(0, TIOCGPGRP, &fg), 0);
    check_true("a foreground group", fg > 0, fg);
    check_eq("TIOCGPGRP into a kernel address", sys_ioctl(0, TIOCGPGRP, KERNEL_ADDRESS), -EFAULT);
    int bad = -1;
    check_eq("TIOCSPGRP of a negative group", sys_ioctl(0, TIOCSPGRP, &bad), -EINVAL);
    bad = NO_SUCH_PID;
    check_eq("TIOCSPGRP of no group", sys_ioctl(0, TIOCSPGRP, &bad), -EPERM);
    check_eq("TIOCSPGRP of the same group", sys_ioctl(0, TIOCSPGRP, &fg), 0);
    check_eq("TIOCSCTTY by no session leader", sys_ioctl(0, TIOCSCTTY, 0), -EPERM);
    check_exited_with("a new session", run_in_child(new_session), 0);
}

static void read_in_background(void)
{
    char c;
    sys_setpgid(0, 0);
    sys_read(0, &c, 1);
    fail("a background read returned");
}

static void write_in_background(void)
{
    sys_setpgid(0, 0);
    sys_write(1, "", 0);
    fail("a background write with TOSTOP returned");
}

/* TIOCSPGRP from the background: SIGTTOU to the caller's group (Linux tty_check_change). */
static void set_pgrp_in_background(void)
{
    int self = (int)sys_getpid();
    sys_setpgid(0, 0);
    sys_ioctl(0, TIOCSPGRP, &self);
    fail("a background TIOCSPGRP returned");
}

/* With SIGTTOU blocked (how == SIG_BLOCK) or ignored it succeeds: the child's group takes
 * the terminal, and hands it back from the foreground without a signal. */
static void take_terminal(int block)
{
    int fg, self = (int)sys_getpid();
    uint64_t ttou = 1UL << (SIGTTOU - 1);
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("TIOCGPGRP", sys_ioctl(0, TIOCGPGRP, &fg), 0);
    if (block)
        check_eq("block SIGTTOU", sys_rt_sigprocmask(SIG_BLOCK, &ttou, NULL), 0);
    else
        check_eq("ignore SIGTTOU", sys_rt_sigaction(SIGTTOU, &ign, NULL), 0);
    check_eq("setpgid", sys_setpgid(0, 0), 0);
    check_eq("a background TIOCSPGRP", sys_ioctl(0, TIOCSPGRP, &self), 0);
    int now;
    check_eq("TIOCGPGRP", sys_ioctl(0, TIOCGPGRP, &now), 0);
    check_eq("the child's group is in the foreground", now, self);
    check_eq("TIOCSPGRP back", sys_ioctl(0, TIOCSPGRP, &fg), 0);
}

static void take_terminal_blocked(void)
{
    take_terminal(1);
}

static void take_terminal_ignored(void)
{
    take_terminal(0);
}

static volatile int ttou_caught;

static void on_ttou(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
    ttou_caught = 1;
}

/* A handler without SA_RESTART: the call fails with EINTR once the handler ran. */
static void set_pgrp_interrupted(void)
{
    int self = (int)sys_getpid();
    set_handler(SIGTTOU, on_ttou, 0, 0);
    check_eq("setpgid", sys_setpgid(0, 0), 0);
    check_eq("TIOCSPGRP with a SIGTTOU handler", sys_ioctl(0, TIOCSPGRP, &self), -EINTR);
    check_eq("the handler ran", ttou_caught, 1);
}

/* SIGTTIN ignored: a background read is EIO; SIGTTOU ignored: a write with TOSTOP goes. */
static void read_in_background_ignored(void)
{
    char c;
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("ignore SIGTTIN", sys_rt_sigaction(SIGTTIN, &ign, NULL), 0);
    check_eq("setpgid", sys_setpgid(0, 0), 0);
    check_eq("a background read with SIGTTIN ignored", sys_read(0, &c, 1), -EIO);
}

static void write_in_background_ignored(void)
{
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("ignore SIGTTOU", sys_rt_sigaction(SIGTTOU, &ign, NULL), 0);
    check_eq("setpgid", sys_setpgid(0, 0), 0);
    check_eq("a background write with TOSTOP, SIGTTOU ignored", sys_write(1, "", 0), 0);
}

static void write_in_background_allowed(void)
{
    check_eq("setpgid", sys_setpgid(0, 0), 0);
    check_eq("a background write without TOSTOP", sys_write(1, "", 0), 0);
}

/* A child in a group of its own is in the background of the parent's terminal. */
static void stopped_by(const char *what, void (*fn)(void), int sig)
{
    long pid = fork();
    if (pid == 0) {
        fn();
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    int status = wait_status(what, pid, WUNTRACED);
    check_true(what, WIFSTOPPED(status) && WSTOPSIG(status) == sig, status);
    check_eq("kill", sys_kill((int)pid, SIGKILL), 0);
    check_killed_by("killed", wait_status("killed", pid, 0), SIGKILL);
}

static void job_control(void)
{
    stopped_by("a background read stops with SIGTTIN", read_in_background, SIGTTIN);
    check_exited_with("a background read, SIGTTIN ignored",
                      run_in_child(read_in_background_ignored), 0);
    stopped_by("a background TIOCSPGRP stops with SIGTTOU", set_pgrp_in_background, SIGTTOU);
    check_exited_with("TIOCSPGRP with SIGTTOU blocked", run_in_child(take_terminal_blocked), 0);
    check_exited_with("TIOCSPGRP with SIGTTOU ignored", run_in_child(take_terminal_ignored), 0);
    check_exited_with("TIOCSPGRP interrupted by a handler",
                      run_in_child(set_pgrp_interrupted), 0);
    check_exited_with("a background write", run_in_child(write_in_background_allowed), 0);
    struct termios t = saved;
    t.c_lflag |= TOSTOP;
    must_set(&t);
    stopped_by("a background write with TOSTOP stops with SIGTTOU", write_in_background,
               SIGTTOU);
    check_exited_with("a background write with TOSTOP, SIGTTOU ignored",
                      run_in_child(write_in_background_ignored), 0);
    must_set(&saved);
}

/* A session leader whose child stopped in a group of its own exits: init, in another
 * session, adopts the child, so nothing could continue it and its group is orphaned.
 * It gets SIGHUP (which kills it) and SIGCONT. */
static void orphaned_stopped_group(void)
{
    volatile long *stopped_pid = map_shared(sizeof(long));
    long leader = fork();
    if (leader == 0) {
        check_true("setsid", sys_setsid() > 0, 0);
        long child = fork();
        if (child == 0) {
            sys_setpgid(0, 0);
            sys_kill((int)sys_getpid(), SIGSTOP);
            fail("the stopped child continued without a hangup");
        }
        int status = wait_status("the child stops", child, WUNTRACED);
        check_true("stopped", WIFSTOPPED(status), status);
        *stopped_pid = child;
        sys_exit(0);
    }
    check_exited_with("the session leader", wait_status("leader", leader, 0), 0);
    wait_gone("the orphaned stopped group is hung up", *stopped_pid);
}

/* Prints s with control characters escaped, so the console log shows what was read. */
static void show(const char *s, long n)
{
    char out[160];
    int len = 0;
    for (long i = 0; i < n && len < 150; i++) {
        unsigned char c = (unsigned char)s[i];
        len += c == '\n' ? snprintf(out + len, 8, "\\n") : c == '\r' ? snprintf(out + len, 8, "\\r")
               : (c < ' ' || c == 0x7f) ? snprintf(out + len, 8, "\\x%02x", c)
               : snprintf(out + len, 8, "%c", c);
    }
    out[len] = '\0';
    printf("read \"%s\"\n", out);
}

static int typed_lines(void)
{
    char buf[128];
    long n;
    printf("lines ready\n");
    while ((n = sys_read(0, buf, sizeof(buf))) > 0)
        show(buf, n);
    printf("end of file (%ld)\n", n);
    return n == 0 ? 0 : 1;
}

static int typed_raw(void)
{
    struct termios t = saved;
    t.c_lflag &= ~(unsigned)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    must_set(&t);
    printf("raw ready\n");
    for (int i = 0; i < 3; i++) {
        char c;
        long n = sys_read(0, &c, 1);
        printf("byte %ld 0x%02x\n", n, (unsigned char)c);
    }
    must_set(&saved);
    return 0;
}

static int typed_noecho(void)
{
    struct termios t = saved;
    char buf[64];
    t.c_lflag &= ~(unsigned)ECHO;
    must_set(&t);
    printf("noecho ready\n");
    long n = sys_read(0, buf, sizeof(buf));
    must_set(&saved);
    printf("read %ld bytes\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    must_get(&saved);
    if (argc > 1) {
        if (strcmp(argv[1], "lines") == 0)
            return typed_lines();
        if (strcmp(argv[1], "raw") == 0)
            return typed_raw();
        if (strcmp(argv[1], "noecho") == 0)
            return typed_noecho();
        printf("spinning\n");
        for (;;)
            ;
    }
    not_a_terminal();
    termios_requests();
    window_size();
    sessions();
    job_control();
    orphaned_stopped_group();
    return 0;
}
