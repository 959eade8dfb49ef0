/* AF_UNIX socket pairs through glibc (socketpair(2), unix(7), send(2), recv(2),
 * shutdown(2)): a stream both ways with read/write, send/recv, sendto/recvfrom (no
 * address; the sender's length 0), MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, SOCK_NONBLOCK
 * and SOCK_CLOEXEC, the 64 KiB queue filled to EAGAIN, poll, FIONREAD, fstat and
 * /proc/self/fd ("socket:[N]"), a blocked read woken by a forked child; shutdown and
 * close: end of file, EPIPE with SIGPIPE (none with MSG_NOSIGNAL), POLLHUP/POLLRDHUP,
 * ECONNRESET once when the peer left bytes unread;
 * SOCK_SEQPACKET and SOCK_DGRAM records (one per read, truncated with MSG_TRUNC in
 * recvmsg), a datagram peer gone (ECONNREFUSED, then ENOTCONN); sendmsg/recvmsg with two
 * iovecs, control data refused (EOPNOTSUPP); socketpair's errors; and four processes
 * (on as many harts as there are) sending records into one end at once while a reader
 * takes them: every record arrives whole, once. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static volatile int sigpipes;

static void on_sigpipe(int sig)
{
    (void)sig;
    sigpipes++;
}

static int pair(int type, int sv[2])
{
    int r = socketpair(AF_UNIX, type, 0, sv);
    check("socketpair", r == 0);
    return r;
}

static short revents(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void stream_basics(void)
{
    int sv[2], n = -1;
    char buf[64], link[64], path[32];
    if (pair(SOCK_STREAM, sv))
        return;
    check("write", write(sv[0], "ping", 4) == 4);
    check("FIONREAD", ioctl(sv[1], FIONREAD, &n) == 0 && n == 4);
    check("POLLIN", revents(sv[1], POLLIN) == POLLIN);
    check("MSG_PEEK", recv(sv[1], buf, sizeof(buf), MSG_PEEK) == 4 && !memcmp(buf, "ping", 4));
    check("read", read(sv[1], buf, 2) == 2 && !memcmp(buf, "pi", 2));
    check("the rest", recv(sv[1], buf, sizeof(buf), 0) == 2 && !memcmp(buf, "ng", 2));
    errno = 0;
    check("MSG_DONTWAIT on nothing: EAGAIN",
          recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN);
    check("the other way: send", send(sv[1], "pong", 4, 0) == 4);
    struct sockaddr_storage from;
    socklen_t fromlen = sizeof(from);
    check("recvfrom: no sender address", recvfrom(sv[0], buf, sizeof(buf), 0,
          (struct sockaddr *)&from, &fromlen) == 4 && fromlen == 0 && !memcmp(buf, "pong", 4));
    check("sendto without an address", sendto(sv[0], "x", 1, 0, NULL, 0) == 1);
    check("read it", read(sv[1], buf, 1) == 1);
    struct sockaddr_un { sa_family_t f; char p[108]; } addr = { AF_UNIX, "/tmp/x" };
    errno = 0;
    check("sendto with an address on a stream: EISCONN",
          sendto(sv[0], "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr)) == -1 &&
          errno == EISCONN);
    errno = 0;
    check("MSG_OOB: EOPNOTSUPP", send(sv[0], "x", 1, MSG_OOB) == -1 && errno == EOPNOTSUPP);
    struct stat st;
    check("fstat: a socket", fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode));
    snprintf(path, sizeof(path), "/proc/self/fd/%d", sv[0]);
    ssize_t len = readlink(path, link, sizeof(link) - 1);
    link[len > 0 ? len : 0] = '\0';
    check("/proc/self/fd: socket:[N]", !strncmp(link, "socket:[", 8) && link[len - 1] == ']');
    check("POLLOUT", revents(sv[0], POLLOUT) == POLLOUT);
    close(sv[0]);
    close(sv[1]);
}

static void stream_full(void)
{
    int sv[2];
    static char big[70000];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv)) {
        check("socketpair NONBLOCK|CLOEXEC", 0);
        return;
    }
    check("SOCK_NONBLOCK", fcntl(sv[0], F_GETFL) & O_NONBLOCK);
    check("SOCK_CLOEXEC", fcntl(sv[1], F_GETFD) == FD_CLOEXEC);
    check("a write fills the queue: 64 KiB", write(sv[0], big, sizeof(big)) == 65536);
    errno = 0;
    check("then EAGAIN", write(sv[0], big, 1) == -1 && errno == EAGAIN);
    check("no POLLOUT", !(revents(sv[0], POLLOUT) & POLLOUT));
    check("read some", read(sv[1], big, 1000) == 1000);
    check("POLLOUT again", revents(sv[0], POLLOUT) & POLLOUT);
    close(sv[0]);
    close(sv[1]);
}

/* A child writes in two parts; MSG_WAITALL waits for both. */
static void stream_across_fork(void)
{
    int sv[2];
    char buf[8];
    if (pair(SOCK_STREAM, sv))
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        _exit(write(sv[1], "abcd", 4) == 4 && usleep(20000) == 0 &&
              write(sv[1], "efgh", 4) == 4 ? 0 : 1);
    }
    close(sv[1]);
    check("MSG_WAITALL", recv(sv[0], buf, 8, MSG_WAITALL) == 8 && !memcmp(buf, "abcdefgh", 8));
    int status;
    check("child", waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 0);
    check("end of file once the child is gone", read(sv[0], buf, 8) == 0);
    check("POLLHUP and POLLRDHUP", (revents(sv[0], POLLIN | POLLRDHUP) & (POLLHUP | POLLRDHUP))
          == (POLLHUP | POLLRDHUP));
    close(sv[0]);
}

static void stream_shutdown(void)
{
    int sv[2];
    char buf[8];
    if (pair(SOCK_STREAM, sv))
        return;
    check("data before the shutdown", write(sv[0], "last", 4) == 4);
    check("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR) == 0);
    check("the peer reads the data", read(sv[1], buf, 8) == 4);
    check("then end of file", read(sv[1], buf, 8) == 0);
    check("POLLRDHUP at the peer", revents(sv[1], POLLIN | POLLRDHUP) & POLLRDHUP);
    sigpipes = 0;
    errno = 0;
    check("a write after SHUT_WR: EPIPE", write(sv[0], "x", 1) == -1 && errno == EPIPE);
    check("and SIGPIPE", sigpipes == 1);
    errno = 0;
    check("MSG_NOSIGNAL: EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    check("no SIGPIPE", sigpipes == 1);
    check("the other direction still works", write(sv[1], "back", 4) == 4 &&
          read(sv[0], buf, 8) == 4);
    errno = 0;
    check("shutdown 3: EINVAL", shutdown(sv[0], 3) == -1 && errno == EINVAL);
    close(sv[1]);
    errno = 0;
    check("a write to a closed peer: EPIPE", write(sv[0], "x", 1) == -1 && errno == EPIPE);
    check("SIGPIPE again", sigpipes == 2);
    close(sv[0]);
}

/* The peer closed with bytes unread: ECONNRESET once, then end of file. */
static void reset(void)
{
    int sv[2];
    char buf[4];
    if (pair(SOCK_STREAM, sv))
        return;
    check("write", write(sv[0], "lost", 4) == 4);
    close(sv[1]);
    check("POLLERR", revents(sv[0], POLLIN) & POLLERR);
    errno = 0;
    check("ECONNRESET", read(sv[0], buf, 4) == -1 && errno == ECONNRESET);
    check("then end of file", read(sv[0], buf, 4) == 0);
    errno = 0;
    check("a stream write: EPIPE", send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    close(sv[0]);
}

static void records(int type)
{
    int sv[2];
    char buf[16];
    if (pair(type, sv))
        return;
    check("first record", send(sv[0], "one", 3, 0) == 3);
    check("second record", send(sv[0], "second", 6, 0) == 6);
    check("FIONREAD: the next record", ioctl(sv[1], FIONREAD, &(int){0}) == 0);
    check("one record per read", read(sv[1], buf, sizeof(buf)) == 3 && !memcmp(buf, "one", 3));
    struct iovec iov = { buf, 3 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    check("a short read truncates", recvmsg(sv[1], &m, 0) == 3 && !memcmp(buf, "sec", 3) &&
          (m.msg_flags & MSG_TRUNC));
    check("the rest of it is gone", recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 &&
          errno == EAGAIN);
    check("MSG_TRUNC returns the record's length",
          send(sv[0], "twelve bytes", 12, 0) == 12 && recv(sv[1], buf, 4, MSG_TRUNC) == 12);
    static char huge[70000];
    errno = 0;
    check("a record larger than the queue: EMSGSIZE",
          send(sv[0], huge, sizeof(huge), 0) == -1 && errno == EMSGSIZE);
    check("an empty record", send(sv[0], "", 0, 0) == 0);
    check("reads as 0 bytes", recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == 0);
    close(sv[0]);
    if (type == SOCK_SEQPACKET) {
        check("seqpacket: end of file", read(sv[1], buf, sizeof(buf)) == 0);
        errno = 0;
        check("seqpacket: EPIPE", send(sv[1], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    } else {
        errno = 0;
        check("dgram: ECONNREFUSED", send(sv[1], "x", 1, 0) == -1 && errno == ECONNREFUSED);
        errno = 0;
        check("dgram: then ENOTCONN", send(sv[1], "x", 1, 0) == -1 && errno == ENOTCONN);
        errno = 0;
        check("dgram: no end of file", recv(sv[1], buf, 1, MSG_DONTWAIT) == -1 &&
              errno == EAGAIN);
    }
    close(sv[1]);
}

static void messages(void)
{
    int sv[2];
    char a[4], b[8], out[16];
    if (pair(SOCK_STREAM, sv))
        return;
    struct iovec send_iov[2] = { { "abc", 3 }, { "defgh", 5 } };
    struct msghdr m = { .msg_iov = send_iov, .msg_iovlen = 2 };
    check("sendmsg, two iovecs", sendmsg(sv[0], &m, 0) == 8);
    struct iovec recv_iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
    struct msghdr r = { .msg_iov = recv_iov, .msg_iovlen = 2, .msg_control = out,
                        .msg_controllen = sizeof(out) };
    check("recvmsg, two iovecs", recvmsg(sv[1], &r, 0) == 8 && !memcmp(a, "abcd", 4) &&
          !memcmp(b, "efgh", 4) && r.msg_controllen == 0 && r.msg_flags == 0);
    char control[CMSG_SPACE(sizeof(int))];
    m.msg_control = control;
    m.msg_controllen = sizeof(control);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &sv[0], sizeof(int));
    errno = 0;
    check("SCM_RIGHTS: EOPNOTSUPP", sendmsg(sv[0], &m, 0) == -1 && errno == EOPNOTSUPP);
    close(sv[0]);
    close(sv[1]);
}

static void errors(void)
{
    int sv[2], fds[2];
    errno = 0;
    check("AF_INET: EAFNOSUPPORT", socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 &&
          errno == EAFNOSUPPORT);
    errno = 0;
    check("SOCK_RDM: ESOCKTNOSUPPORT", socketpair(AF_UNIX, SOCK_RDM, 0, sv) == -1 &&
          errno == ESOCKTNOSUPPORT);
    errno = 0;
    check("type 12: EINVAL", socketpair(AF_UNIX, 12, 0, sv) == -1 && errno == EINVAL);
    errno = 0;
    check("an unknown type flag: EINVAL", socketpair(AF_UNIX, SOCK_STREAM | 0x10, 0, sv) == -1 &&
          errno == EINVAL);
    errno = 0;
    check("protocol 7: EPROTONOSUPPORT", socketpair(AF_UNIX, SOCK_STREAM, 7, sv) == -1 &&
          errno == EPROTONOSUPPORT);
    errno = 0;
    check("a bad sv: EFAULT", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 16L) == -1 &&
          errno == EFAULT);
    check("SOCK_RAW is a datagram pair", socketpair(AF_UNIX, SOCK_RAW, 0, sv) == 0);
    close(sv[0]);
    close(sv[1]);
    check("pipe", pipe(fds) == 0);
    errno = 0;
    check("send on a pipe: ENOTSOCK", send(fds[1], "x", 1, 0) == -1 && errno == ENOTSOCK);
    errno = 0;
    check("shutdown of a pipe: ENOTSOCK", shutdown(fds[0], SHUT_RD) == -1 && errno == ENOTSOCK);
    errno = 0;
    check("recv on a closed fd: EBADF", recv(99, sv, 1, 0) == -1 && errno == EBADF);
    close(fds[0]);
    close(fds[1]);
}

/* Four senders share one end of a SOCK_SEQPACKET pair: each record must arrive whole
 * and each sender's in order (the queue is one ring; without a lock two harts would
 * write into it and move its count at once). */
static void concurrent_senders(void)
{
    enum { SENDERS = 4, RECORDS = 300, SIZE = 100 };
    int sv[2];
    check("seqpacket pair", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
    pid_t pid[SENDERS];
    for (int i = 0; i < SENDERS; i++) {
        pid[i] = fork();
        if (pid[i] == 0) {
            char rec[SIZE];
            for (int n = 0; n < RECORDS; n++) {
                memset(rec, 'a' + i, SIZE);
                memcpy(rec, &n, sizeof(n));
                if (send(sv[0], rec, SIZE, 0) != SIZE)
                    _exit(1);
            }
            _exit(0);
        }
        check("fork a sender", pid[i] > 0);
    }
    int next[SENDERS] = { 0 }, whole = 1;
    for (int r = 0; r < SENDERS * RECORDS && whole; r++) {
        char rec[SIZE + 1];
        int n, sender = -1;
        ssize_t got = recv(sv[1], rec, sizeof(rec), 0);
        whole = got == SIZE;
        if (whole) {
            sender = rec[SIZE - 1] - 'a';
            memcpy(&n, rec, sizeof(n));
            whole = sender >= 0 && sender < SENDERS && n == next[sender]++;
            for (int k = sizeof(n); whole && k < SIZE; k++)
                whole = rec[k] == 'a' + sender;
        }
    }
    check("every record whole, in its sender's order", whole);
    for (int i = 0; i < SENDERS; i++) {
        int status = -1;
        check("a sender exits 0", waitpid(pid[i], &status, 0) == pid[i] && status == 0);
    }
    check("close", close(sv[0]) == 0 && close(sv[1]) == 0);
}

int main(void)
{
    check("SIGPIPE handler", signal(SIGPIPE, on_sigpipe) != SIG_ERR);
    stream_basics();
    stream_full();
    stream_across_fork();
    stream_shutdown();
    reset();
    records(SOCK_SEQPACKET);
    records(SOCK_DGRAM);
    messages();
    errors();
    concurrent_senders();
    return failures != 0;
}
