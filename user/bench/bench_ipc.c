/* Pipe benchmarks between two processes:
 *   pipe_roundtrip  the parent writes 1 byte into one pipe, the child reads it and writes 1
 *                   byte back through a second pipe, the parent reads it: per round trip
 *                   (four system calls and two switches each way)
 *   pipe_bulk       the child writes BULK_BYTES in CHUNK-byte writes, the parent reads them
 *                   in CHUNK-byte reads: instructions per KiB moved (1024 / this is bytes
 *                   per instruction) */
#include <sys/wait.h>

#include "bench.h"

#define ROUND_TRIPS 5000
#define CHUNK 65536
#define BULK_BYTES (16UL << 20)

static void wait_for_success(long pid)
{
    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail("child", got < 0 ? got : status);
}

static void make_pipe(int fds[2])
{
    long err = sys_pipe2(fds, 0);
    if (err)
        bench_fail("pipe2", err);
}

static void bench_roundtrip(void)
{
    int to_child[2], to_parent[2];
    make_pipe(to_child);
    make_pipe(to_parent);

    long pid = fork();
    if (pid == 0) {
        char c;
        for (int i = 0; i < ROUND_TRIPS; i++)
            if (sys_read(to_child[0], &c, 1) != 1 || sys_write(to_parent[1], &c, 1) != 1)
                sys_exit(1);
        sys_exit(0);
    }
    if (pid < 0)
        bench_fail("fork", pid);

    char c = 'x';
    unsigned long start = instret();
    for (int i = 0; i < ROUND_TRIPS; i++) {
        long wrote = sys_write(to_child[1], &c, 1);
        long got = sys_read(to_parent[0], &c, 1);
        if (wrote != 1 || got != 1)
            bench_fail("pipe round trip", wrote != 1 ? wrote : got);
    }
    unsigned long end = instret();
    wait_for_success(pid);
    for (int i = 0; i < 2; i++) {
        sys_close(to_child[i]);
        sys_close(to_parent[i]);
    }
    bench_report("pipe_roundtrip", end - start, ROUND_TRIPS);
}

static char chunk[CHUNK];

static void bench_bulk(void)
{
    int fds[2];
    make_pipe(fds);

    unsigned long start = instret();
    long pid = fork();
    if (pid == 0) {
        sys_close(fds[0]);
        for (unsigned long sent = 0; sent < BULK_BYTES;) {
            long n = sys_write(fds[1], chunk, CHUNK);
            if (n <= 0)
                sys_exit(1);
            sent += (unsigned long)n;
        }
        sys_exit(0);
    }
    if (pid < 0)
        bench_fail("fork", pid);
    sys_close(fds[1]);

    unsigned long received = 0;
    for (;;) {
        long n = sys_read(fds[0], chunk, CHUNK);
        if (n < 0)
            bench_fail("read", n);
        if (n == 0)
            break;
        received += (unsigned long)n;
    }
    unsigned long end = instret();
    wait_for_success(pid);
    sys_close(fds[0]);
    if (received != BULK_BYTES)
        bench_fail("bytes received", (long)received);
    bench_report("pipe_bulk", end - start, BULK_BYTES / 1024);
}

int main(void)
{
    bench_roundtrip();
    bench_bulk();
    return bench_finish();
}
