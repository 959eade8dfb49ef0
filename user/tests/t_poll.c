/* ppoll and pselect6 over pipes, a regular file, /dev/null and bad descriptors: ready and
 * not ready, a zero timeout, a timeout that runs out (and the time left written back as
 * zero), a wait a child's write ends, POLLHUP when the writer closes, POLLERR when the
 * reader does, POLLNVAL for a descriptor that is not open; and the calls' errors. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "abi/poll.h"
#include "testlib.h"

static long ppoll(struct pollfd *fds, long n, struct timespec *ts)
{
    return syscall6(SYS_ppoll, (long)fds, n, (long)ts, 0, 8, 0);
}

static long pselect(int n, fd_set *r, fd_set *w, fd_set *e, struct timespec *ts)
{
    return syscall6(SYS_pselect6, n, (long)r, (long)w, (long)e, (long)ts, 0);
}

static void set_fd(fd_set *s, int fd) { s->fds_bits[fd / 64] |= 1UL << (fd % 64); }
static int is_set(const fd_set *s, int fd) { return (s->fds_bits[fd / 64] >> (fd % 64)) & 1; }

static void poll_pipes(void)
{
    int p[2];
    struct timespec zero = { 0, 0 };
    check_eq("pipe", sys_pipe2(p, 0), 0);
    struct pollfd fds[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    check_eq("empty pipe", ppoll(fds, 2, &zero), 1);
    check_eq("read end not ready", fds[0].revents, 0);
    check_eq("write end ready", fds[1].revents, POLLOUT);
    check_eq("write", sys_write(p[1], "x", 1), 1);
    check_eq("data", ppoll(fds, 1, &zero), 1);
    check_eq("read end ready", fds[0].revents, POLLIN);
    /* Only what was asked for is reported. */
    fds[0].events = POLLOUT;
    check_eq("not asked", ppoll(fds, 1, &zero), 0);
    check_eq("not asked revents", fds[0].revents, 0);
    char c;
    check_eq("read", sys_read(p[0], &c, 1), 1);
    /* A timeout that runs out: 0, and no time left written back. */
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    fds[0].events = POLLIN;
    check_eq("timeout", ppoll(fds, 1, &ts), 0);
    check_eq("time left sec", ts.tv_sec, 0);
    check_eq("time left nsec", ts.tv_nsec, 0);
    /* A child writes after a while; a poll without a timeout waits for it. */
    long pid = fork();
    if (pid == 0) {
        sleep_ms(30);
        sys_exit(sys_write(p[1], "y", 1) == 1 ? 0 : 1);
    }
    check_true("fork", pid > 0, pid);
    check_eq("wait for data", ppoll(fds, 1, NULL), 1);
    check_eq("woken revents", fds[0].revents, POLLIN);
    check_exited_with("writer", wait_status("wait", pid, 0), 0);
    /* The writer closes: data and hang-up, then hang-up alone (errors need no asking). */
    check_eq("close writer", sys_close(p[1]), 0);
    check_eq("hangup with data", ppoll(fds, 1, &zero), 1);
    check_eq("POLLIN|POLLHUP", fds[0].revents, POLLIN | POLLHUP);
    check_eq("read", sys_read(p[0], &c, 1), 1);
    fds[0].events = 0;
    check_eq("hangup", ppoll(fds, 1, &zero), 1);
    check_eq("POLLHUP", fds[0].revents, POLLHUP);
    check_eq("close", sys_close(p[0]), 0);
    /* The reader closes: the write end is in error. */
    check_eq("pipe", sys_pipe2(p, 0), 0);
    check_eq("close reader", sys_close(p[0]), 0);
    struct pollfd w = { p[1], POLLOUT, 0 };
    check_eq("broken", ppoll(&w, 1, &zero), 1);
    check_eq("POLLOUT|POLLERR", w.revents, POLLOUT | POLLERR);
    check_eq("close", sys_close(p[1]), 0);
}

static void poll_others(void)
{
    struct timespec zero = { 0, 0 };
    int fd = (int)sys_openat(AT_FDCWD, "/dev/null", O_RDWR, 0);
    check_true("open null", fd >= 0, fd);
    int file = (int)sys_openat(AT_FDCWD, "/bin/sh", O_RDONLY, 0);
    check_true("open file", file >= 0, file);
    struct pollfd fds[4] = {
        { fd, POLLIN | POLLOUT, 0 }, { file, POLLIN | POLLOUT, 0 }, { 99, POLLIN, 0 },
        { -1, POLLIN, 7 },
    };
    check_eq("others", ppoll(fds, 4, &zero), 3);
    check_eq("null ready", fds[0].revents, POLLIN | POLLOUT);
    check_eq("file ready", fds[1].revents, POLLIN | POLLOUT);
    check_eq("bad fd", fds[2].revents, POLLNVAL);
    check_eq("negative fd skipped", fds[3].revents, 0);
    check_eq("no fds", ppoll(NULL, 0, &zero), 0);
    check_eq("too many", ppoll(fds, 257, &zero), -EINVAL);
    struct timespec bad = { 0, 1000000000 };
    check_eq("bad timeout", ppoll(fds, 1, &bad), -EINVAL);
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    check_eq("negative timeout", ppoll(fds, 1, &bad), -EINVAL);
    long mask = 0;
    check_eq("sigmask size", syscall6(SYS_ppoll, (long)fds, 1, (long)&zero, (long)&mask, 4, 0),
             -EINVAL);
    check_eq("sigmask", syscall6(SYS_ppoll, (long)fds, 1, (long)&zero, (long)&mask, 8, 0), 1);
    check_eq("bad fds", ppoll((struct pollfd *)16, 1, &zero), -EFAULT);
    check_eq("bad timespec", ppoll(fds, 1, (struct timespec *)16), -EFAULT);
    check_eq("close", sys_close(fd), 0);
    check_eq("close", sys_close(file), 0);
}

static void select_pipes(void)
{
    int p[2];
    fd_set r, w, e;
    struct timespec zero = { 0, 0 };
    check_eq("pipe", sys_pipe2(p, 0), 0);
    memset(&r, 0, sizeof(r));
    memset(&w, 0, sizeof(w));
    memset(&e, 0, sizeof(e));
    set_fd(&r, p[0]);
    set_fd(&w, p[1]);
    set_fd(&e, p[0]);
    check_eq("select empty", pselect(p[1] + 1, &r, &w, &e, &zero), 1);
    check_eq("read not set", is_set(&r, p[0]), 0);
    check_eq("write set", is_set(&w, p[1]), 1);
    check_eq("except not set", is_set(&e, p[0]), 0);
    check_eq("write", sys_write(p[1], "x", 1), 1);
    memset(&r, 0, sizeof(r));
    set_fd(&r, p[0]);
    check_eq("select data", pselect(p[1] + 1, &r, NULL, NULL, &zero), 1);
    check_eq("read set", is_set(&r, p[0]), 1);
    char c;
    check_eq("read", sys_read(p[0], &c, 1), 1);
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    check_eq("select timeout", pselect(p[1] + 1, &r, NULL, NULL, &ts), 0);
    check_eq("cleared", is_set(&r, p[0]), 0);
    check_eq("select time left", ts.tv_nsec, 0);
    /* A closed writer makes the read end readable (end of file). */
    check_eq("close writer", sys_close(p[1]), 0);
    set_fd(&r, p[0]);
    check_eq("select hangup", pselect(p[0] + 1, &r, NULL, NULL, &zero), 1);
    check_eq("hangup readable", is_set(&r, p[0]), 1);
    /* Errors. */
    memset(&r, 0, sizeof(r));
    set_fd(&r, 90);
    check_eq("select bad fd", pselect(91, &r, NULL, NULL, &zero), -EBADF);
    check_eq("select negative", pselect(-1, NULL, NULL, NULL, &zero), -EINVAL);
    check_eq("select fault", pselect(1, (fd_set *)16, NULL, NULL, &zero), -EFAULT);
    long sig[2] = { 0x1000, 4 };
    check_eq("select sigmask size", syscall6(SYS_pselect6, 0, 0, 0, 0, (long)&zero, (long)sig),
             -EINVAL);
    sig[1] = 8;
    check_eq("select sigmask", syscall6(SYS_pselect6, 0, 0, 0, 0, (long)&zero, (long)sig), 0);
    check_eq("close", sys_close(p[0]), 0);
}

int main(void)
{
    poll_pipes();
    poll_others();
    select_pipes();
    return 0;
}
