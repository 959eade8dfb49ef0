/* The descriptor table: lowest free numbers, dup/dup3/fcntl and their errors, shared
 * offsets and status flags between duplicates and across fork, close-on-exec at execve,
 * EMFILE at RLIMIT_NOFILE, close, and a close by one thread while another reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"
#include "threadlib.h"

#define FILE_PATH "/tmp/t_fdtable"
#define NOFILE 256
#define RLIMIT_NOFILE 7

static int open_file(int flags)
{
    long fd = sys_openat(AT_FDCWD, FILE_PATH, O_RDWR | O_CREAT | flags, 0644);
    check_true("open", fd >= 0, fd);
    return (int)fd;
}

static void dups(void)
{
    char buf[8];
    int fd = open_file(O_TRUNC);
    check_eq("lowest free descriptor", fd, 3);
    long d = sys_dup(fd);
    check_eq("dup takes the next", d, 4);
    check_eq("write through one", sys_write(fd, "abc", 3), 3);
    check_eq("the offset is shared", sys_lseek((int)d, 0, SEEK_CUR), 3);
    check_eq("F_SETFL through the dup", sys_fcntl((int)d, F_SETFL, O_APPEND), 0);
    check_eq("status flags are shared", sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND);
    check_eq("F_SETFL keeps the access mode", sys_fcntl(fd, F_SETFL, O_WRONLY | O_APPEND), 0);
    check_eq("access mode unchanged", sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND);
    check_eq("close the dup", sys_close((int)d), 0);
    check_eq("the other stays open", sys_pread64(fd, buf, 3, 0), 3);
    check_eq("dup of a bad fd", sys_dup(99), -EBADF);

    check_eq("dup3 to a chosen number", sys_dup3(fd, 10, 0), 10);
    check_eq("FD_CLOEXEC not set", sys_fcntl(10, F_GETFD, 0), 0);
    check_eq("dup3 with O_CLOEXEC over an open fd", sys_dup3(fd, 10, O_CLOEXEC), 10);
    check_eq("FD_CLOEXEC set", sys_fcntl(10, F_GETFD, 0), FD_CLOEXEC);
    check_eq("dup3 onto itself", sys_dup3(fd, fd, 0), -EINVAL);
    check_eq("dup3 of a bad fd onto itself: EINVAL first", sys_dup3(99, 99, 0), -EINVAL);
    check_eq("dup3 with bad flags", sys_dup3(fd, 11, O_APPEND), -EINVAL);
    check_eq("dup3 of a bad fd", sys_dup3(99, 11, 0), -EBADF);
    check_eq("dup3 to a number past the table", sys_dup3(fd, NOFILE, 0), -EBADF);
    check_eq("dup3 to a negative number", sys_dup3(fd, -1, 0), -EBADF);
    check_eq("close 10", sys_close(10), 0);
    check_eq("close twice", sys_close(10), -EBADF);
    check_eq("close of a negative fd", sys_close(-1), -EBADF);

    check_eq("F_DUPFD from 20", sys_fcntl(fd, F_DUPFD, 20), 20);
    check_eq("F_DUPFD takes the next free", sys_fcntl(fd, F_DUPFD, 20), 21);
    check_eq("F_DUPFD_CLOEXEC", sys_fcntl(fd, F_DUPFD_CLOEXEC, 5), 5);
    check_eq("its FD_CLOEXEC", sys_fcntl(5, F_GETFD, 0), FD_CLOEXEC);
    check_eq("F_SETFD clears it", sys_fcntl(5, F_SETFD, 0), 0);
    check_eq("cleared", sys_fcntl(5, F_GETFD, 0), 0);
    check_eq("F_DUPFD past the table", sys_fcntl(fd, F_DUPFD, NOFILE), -EINVAL);
    check_eq("unknown command", sys_fcntl(fd, 9999, 0), -EINVAL);
    check_eq("fcntl of a bad fd", sys_fcntl(99, F_GETFD, 0), -EBADF);
    check_eq("close 20", sys_close(20), 0);
    check_eq("close 21", sys_close(21), 0);
    check_eq("close 5", sys_close(5), 0);
    check_eq("close", sys_close(fd), 0);
}

/* Fills the table: EMFILE once all RLIMIT_NOFILE descriptors are taken. */
static void table_full(void)
{
    unsigned long limit[2];
    check_eq("prlimit64 RLIMIT_NOFILE", syscall6(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, (long)limit, 0, 0), 0);
    check_eq("the soft limit", (long)limit[0], NOFILE);
    int fd = open_file(0), last = fd;
    long d;
    while ((d = sys_dup(fd)) >= 0)
        last = (int)d;
    check_eq("EMFILE when full", d, -EMFILE);
    check_eq("the last descriptor", last, NOFILE - 1);
    check_eq("open when full", sys_openat(AT_FDCWD, FILE_PATH, O_RDONLY, 0), -EMFILE);
    check_eq("O_CREAT when full", sys_openat(AT_FDCWD, FILE_PATH "2", O_RDWR | O_CREAT, 0644),
             -EMFILE);
    check_eq("nothing made", sys_faccessat(AT_FDCWD, FILE_PATH "2", F_OK), -ENOENT);
    int fds[2];
    check_eq("pipe2 when full", sys_pipe2(fds, 0), -EMFILE);
    for (int i = fd; i <= last; i++)
        check_eq("close", sys_close(i), 0);
}

/* fork copies the table: the child's writes move the parent's offset; the child's close
 * leaves the parent's descriptor open. */
static void fork_shares(void)
{
    int fd = open_file(O_TRUNC);
    check_eq("dup3 to a high number", sys_dup3(fd, NOFILE - 1, 0), NOFILE - 1);
    long pid = fork();
    if (pid == 0) {
        if (sys_write(fd, "child", 5) != 5 || sys_close(fd) != 0 ||
            sys_fcntl(NOFILE - 1, F_GETFD, 0) != 0)
            sys_exit(1);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    int status;
    check_eq("wait", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child", status, 0);
    check_eq("the offset moved", sys_lseek(fd, 0, SEEK_CUR), 5);
    check_eq("still open here", sys_write(fd, "!", 1), 1);
    check_eq("close the high one", sys_close(NOFILE - 1), 0);
    check_eq("close", sys_close(fd), 0);
}

/* execve closes descriptors marked FD_CLOEXEC and keeps the others (the child is this
 * program again, told which to check). */
static void exec_closes(void)
{
    int keep = open_file(0), gone = open_file(O_CLOEXEC);
    char keep_s[8], gone_s[8];
    snprintf(keep_s, sizeof(keep_s), "%d", keep);
    snprintf(gone_s, sizeof(gone_s), "%d", gone);
    char *argv[] = { "/bin/t_fdtable", keep_s, gone_s, NULL };
    long pid = spawn(argv[0], argv, environ);
    check_true("spawn", pid > 0, pid);
    int status;
    check_eq("wait", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("the exec'd child saw the right descriptors", status, 0);
    check_eq("close keep", sys_close(keep), 0);
    check_eq("close gone", sys_close(gone), 0);
}

static int reader_pipe[2];
static volatile long reader_got;
static char reader_byte;

static int blocked_reader(void *arg)
{
    (void)arg;
    reader_got = sys_read(reader_pipe[0], &reader_byte, 1);
    return 0;
}

/* The state letter of /proc/self/task/TID/stat, or 0. */
static char thread_state(long tid)
{
    char path[48];
    snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", tid);
    return stat_state(path);
}

/* A thread asleep in read keeps its file when another thread closes the descriptor: the
 * close takes only the descriptor away (Linux: the read holds its own reference, fget),
 * so the pipe still has a reader, a write succeeds and the read returns its byte. With
 * the table's pointer merely borrowed, the close freed the file under the reader and
 * the write met a pipe without readers (EPIPE, SIGPIPE). */
static void close_while_reading(void)
{
    struct thread t;

    check_eq("pipe", sys_pipe2(reader_pipe, 0), 0);
    thread_start(&t, 0, blocked_reader, NULL);
    for (int i = 0; i < 20000 && thread_state(t.id) != 'S'; i++)
        sleep_ms(1);
    check_eq("the reader sleeps in read", thread_state(t.id), 'S');
    check_eq("close of the read end under the reader", sys_close(reader_pipe[0]), 0);
    check_eq("a write still finds the reader", sys_write(reader_pipe[1], "x", 1), 1);
    thread_join(&t);
    check_eq("the read returned the byte", reader_got, 1);
    check_eq("the byte", reader_byte, 'x');
    check_eq("close of the write end", sys_close(reader_pipe[1]), 0);
}

int main(int argc, char **argv)
{
    if (argc == 3) {   /* exec_closes's child */
        int keep = atoi(argv[1]), gone = atoi(argv[2]);
        return sys_fcntl(keep, F_GETFD, 0) == 0 && sys_fcntl(gone, F_GETFD, 0) == -EBADF ? 0 : 1;
    }
    check_eq("fd 0 is open", sys_fcntl(0, F_GETFD, 0), 0);
    dups();
    table_full();
    fork_shares();
    exec_closes();
    close_while_reading();
    check_eq("unlink", sys_unlinkat(AT_FDCWD, FILE_PATH, 0), 0);
    return 0;
}
