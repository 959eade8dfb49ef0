/* Pipes: pipe2 and its errors, reading and writing, end of file once the last writer
 * closes, EPIPE and death by SIGPIPE once the last reader has, O_NONBLOCK (EAGAIN) with
 * the 64 KiB capacity, blocking in both directions across fork, writes of PIPE_BUF bytes
 * never interleaved, FIONREAD, and lseek/pread refused (ESPIPE). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define PIPE_CAPACITY 65536
#define RECORDS 64

static void make_pipe(int fds[2], int flags)
{
    check_eq("pipe2", sys_pipe2(fds, flags), 0);
    check_true("two descriptors", fds[0] >= 3 && fds[1] >= 3 && fds[0] != fds[1], fds[0]);
}

static void close_both(int fds[2])
{
    check_eq("close read end", sys_close(fds[0]), 0);
    check_eq("close write end", sys_close(fds[1]), 0);
}

static void basics(void)
{
    int fds[2];
    char buf[16];
    struct stat st;
    int n;

    check_eq("pipe2 with bad flags", sys_pipe2(fds, O_APPEND), -EINVAL);
    check_eq("pipe2 into a kernel address", sys_pipe2(KERNEL_ADDRESS, 0), -EFAULT);
    make_pipe(fds, 0);
    check_eq("fstat", sys_fstat(fds[0], &st), 0);
    check_true("a FIFO", S_ISFIFO(st.st_mode), st.st_mode);
    check_eq("write", sys_write(fds[1], "hello", 5), 5);
    check_eq("FIONREAD", sys_ioctl(fds[0], FIONREAD, &n), 0);
    check_eq("bytes waiting", n, 5);
    check_eq("FIONREAD into a kernel address", sys_ioctl(fds[0], FIONREAD, KERNEL_ADDRESS),
             -EFAULT);
    check_eq("other ioctls", sys_ioctl(fds[0], 0x5401, &n), -ENOTTY);
    check_eq("read some", sys_read(fds[0], buf, 3), 3);
    check_eq("in order", memcmp(buf, "hel", 3), 0);
    check_eq("read the rest", sys_read(fds[0], buf, sizeof(buf)), 2);
    check_eq("the rest", memcmp(buf, "lo", 2), 0);
    check_eq("read of the write end", sys_read(fds[1], buf, 1), -EBADF);
    check_eq("write of the read end", sys_write(fds[0], "x", 1), -EBADF);
    check_eq("lseek", sys_lseek(fds[0], 0, SEEK_SET), -ESPIPE);
    check_eq("pread", sys_pread64(fds[0], buf, 1, 0), -ESPIPE);
    check_eq("pwrite", sys_pwrite64(fds[1], "x", 1, 0), -ESPIPE);
    check_eq("write from a kernel address", sys_write(fds[1], KERNEL_ADDRESS, 1), -EFAULT);
    check_eq("write", sys_write(fds[1], "x", 1), 1);
    check_eq("read into a kernel address", sys_read(fds[0], KERNEL_ADDRESS, 1), -EFAULT);
    /* End of file once every writer is gone, after what they wrote. */
    long dup_end = sys_dup(fds[1]);
    check_true("dup of the write end", dup_end >= 0, dup_end);
    check_eq("close write end", sys_close(fds[1]), 0);
    check_eq("F_SETFL O_NONBLOCK on the read end", sys_fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
    check_eq("no EOF while a writer is left", sys_read(fds[0], buf, 1), 1);
    check_eq("empty, not EOF", sys_read(fds[0], buf, 1), -EAGAIN);
    check_eq("write through the dup", sys_write((int)dup_end, "x", 1), 1);
    check_eq("close the dup", sys_close((int)dup_end), 0);
    check_eq("data before EOF", sys_read(fds[0], buf, sizeof(buf)), 1);
    check_eq("EOF", sys_read(fds[0], buf, sizeof(buf)), 0);
    check_eq("close read end", sys_close(fds[0]), 0);
}

static void nonblocking(void)
{
    static char block[8192];
    int fds[2];
    long total = 0, r;

    make_pipe(fds, O_NONBLOCK | O_CLOEXEC);
    check_eq("F_GETFL has O_NONBLOCK", sys_fcntl(fds[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
    check_eq("F_GETFD has FD_CLOEXEC", sys_fcntl(fds[1], F_GETFD, 0), FD_CLOEXEC);
    check_eq("empty read", sys_read(fds[0], block, 1), -EAGAIN);
    memset(block, 'p', sizeof(block));
    while ((r = sys_write(fds[1], block, 1000)) > 0)
        total += r;
    check_eq("full", r, -EAGAIN);
    /* The last 1000-byte write did not fit whole; one of up to PIPE_BUF never splits. */
    check_eq("filled to a multiple of 1000", total, PIPE_CAPACITY / 1000 * 1000);
    check_eq("a write over PIPE_BUF takes what fits", sys_write(fds[1], block, 5000),
             PIPE_CAPACITY - total);
    check_eq("then nothing", sys_write(fds[1], block, 1), -EAGAIN);
    int n;
    check_eq("FIONREAD", sys_ioctl(fds[0], FIONREAD, &n), 0);
    check_eq("64 KiB waiting", n, PIPE_CAPACITY);
    /* F_SETFL clears O_NONBLOCK on the shared description. */
    check_eq("F_SETFL", sys_fcntl(fds[0], F_SETFL, 0), 0);
    check_eq("F_GETFL", sys_fcntl(fds[0], F_GETFL, 0), O_RDONLY);
    long got = 0;
    while (got < PIPE_CAPACITY && (r = sys_read(fds[0], block, sizeof(block))) > 0)
        got += r;
    check_eq("all read back", got, PIPE_CAPACITY);
    close_both(fds);
}

static void write_after_reader_gone(void)
{
    int fds[2];
    make_pipe(fds, 0);
    check_eq("close read end", sys_close(fds[0]), 0);
    check_eq("write", sys_write(fds[1], "x", 1), -EPIPE);   /* SIGPIPE kills us here */
    fail("SIGPIPE did not kill");
}

static void sigpipe(void)
{
    expect_killed_by("write to a pipe nobody reads", write_after_reader_gone, SIGPIPE);
}

/* A reader blocks until a writer in another process writes, and a writer blocks while the
 * pipe is full until a reader makes room; everything arrives in order. */
static void blocking_across_fork(void)
{
    static char buf[8192];
    int fds[2];
    make_pipe(fds, 0);
    long pid = fork();
    if (pid == 0) {
        sys_close(fds[0]);
        sleep_ms(50);
        for (int i = 0; i < 40; i++) {   /* 40 x 8 KiB: more than the pipe holds */
            memset(buf, 'a' + i % 26, sizeof(buf));
            if (sys_write(fds[1], buf, sizeof(buf)) != sizeof(buf))
                sys_exit(1);
        }
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_eq("close write end", sys_close(fds[1]), 0);
    long got = 0, r;
    int ok = 1;
    while ((r = sys_read(fds[0], buf, 3000)) > 0) {
        for (long i = 0; i < r; i++)
            ok &= buf[i] == 'a' + (int)((got + i) / 8192) % 26;
        got += r;
    }
    check_eq("EOF after the writer exits", r, 0);
    check_eq("every byte", got, 40 * 8192);
    check_true("in order", ok, 0);
    int status;
    check_eq("wait", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("writer", status, 0);
    check_eq("close", sys_close(fds[0]), 0);
}

/* Two writers of PIPE_BUF-byte records: each record arrives whole. */
static void atomic_writes(void)
{
    static char rec[PIPE_BUF];
    int fds[2];
    long pids[2];
    make_pipe(fds, 0);
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            sys_close(fds[0]);
            memset(rec, w ? 'B' : 'A', sizeof(rec));
            for (int i = 0; i < RECORDS; i++)
                if (sys_write(fds[1], rec, sizeof(rec)) != sizeof(rec))
                    sys_exit(1);
            sys_exit(0);
        }
        check_true("fork", pids[w] > 0, pids[w]);
    }
    check_eq("close write end", sys_close(fds[1]), 0);
    int records = 0, whole = 1;
    for (;;) {
        long have = 0, r = 0;
        while (have < PIPE_BUF && (r = sys_read(fds[0], rec + have, PIPE_BUF - have)) > 0)
            have += r;
        if (have == 0)
            break;
        check_eq("records are whole", have, PIPE_BUF);
        for (long i = 1; i < PIPE_BUF; i++)
            whole &= rec[i] == rec[0];
        records++;
    }
    check_true("no record interleaved with another", whole, records);
    check_eq("every record", records, 2 * RECORDS);
    for (int w = 0; w < 2; w++) {
        int status;
        check_eq("wait", sys_wait4((int)pids[w], &status, 0, NULL), pids[w]);
        check_exited_with("writer", status, 0);
    }
    check_eq("close", sys_close(fds[0]), 0);
}

int main(void)
{
    basics();
    nonblocking();
    sigpipe();
    blocking_across_fork();
    atomic_writes();
    return 0;
}
