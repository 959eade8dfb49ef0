/* sendfile from a regular file to a pipe, a file, /dev/null and the console, with and
 * without an offset pointer, short at the end of the file, and its errors. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define SRC "/t_sendfile.src"
#define DST "/t_sendfile.dst"
#define SIZE 10000

static char data[SIZE], back[SIZE];

static long sendfile(int out, int in, long *off, long count)
{
    return syscall6(SYS_sendfile, out, in, (long)off, count, 0, 0);
}

/* Reads exactly n bytes from fd into buf. */
static void read_all(int fd, char *buf, long n)
{
    for (long done = 0; done < n;) {
        long r = sys_read(fd, buf + done, (size_t)(n - done));
        check_true("read", r > 0, r);
        done += r;
    }
}

int main(void)
{
    for (int i = 0; i < SIZE; i++)
        data[i] = (char)(i * 7 + i / 256);
    int in = (int)sys_openat(AT_FDCWD, SRC, O_CREAT | O_RDWR, 0644);
    check_true("create", in >= 0, in);
    check_eq("write", sys_write(in, data, SIZE), SIZE);
    check_eq("rewind", sys_lseek(in, 0, SEEK_SET), 0);

    /* To a pipe at an offset: the offset moves, the file's own does not. */
    int p[2];
    check_eq("pipe", sys_pipe2(p, 0), 0);
    long off = 100;
    check_eq("to pipe", sendfile(p[1], in, &off, 5000), 5000);
    check_eq("offset updated", off, 5100);
    check_eq("file offset kept", sys_lseek(in, 0, SEEK_CUR), 0);
    read_all(p[0], back, 5000);
    check_eq("pipe data", memcmp(back, data + 100, 5000), 0);

    /* To a file without an offset: the input file's offset advances; short at the end. */
    int out = (int)sys_openat(AT_FDCWD, DST, O_CREAT | O_RDWR | O_TRUNC, 0644);
    check_true("create dst", out >= 0, out);
    check_eq("seek", sys_lseek(in, 1000, SEEK_SET), 1000);
    check_eq("to file", sendfile(out, in, NULL, 100000), SIZE - 1000);
    check_eq("in offset", sys_lseek(in, 0, SEEK_CUR), SIZE);
    check_eq("out offset", sys_lseek(out, 0, SEEK_CUR), SIZE - 1000);
    check_eq("at end", sendfile(out, in, NULL, 10), 0);
    check_eq("pread", sys_pread64(out, back, SIZE, 0), SIZE - 1000);
    check_eq("file data", memcmp(back, data + 1000, SIZE - 1000), 0);
    check_eq("count 0", sendfile(out, in, NULL, 0), 0);

    /* To /dev/null and the console. */
    int null = (int)sys_openat(AT_FDCWD, "/dev/null", O_WRONLY, 0);
    check_true("open null", null >= 0, null);
    off = 0;
    check_eq("to null", sendfile(null, in, &off, SIZE), SIZE);
    check_eq("rewind", sys_lseek(in, 0, SEEK_SET), 0);
    check_eq("truncate", sys_ftruncate(in, 0), 0);
    check_eq("write line", sys_write(in, "t_sendfile: to the console\n", 27), 27);
    off = 0;
    check_eq("to console", sendfile(1, in, &off, 27), 27);
    check_eq("refill", sys_pwrite64(in, data, SIZE, 0), SIZE);

    /* Errors, in Linux's order: the input first, then the output. */
    off = 0;
    check_eq("bad in", sendfile(out, 99, &off, 10), -EBADF);
    check_eq("bad out", sendfile(99, in, &off, 10), -EBADF);
    check_eq("out not writable", sendfile(p[0], in, &off, 10), -EBADF);
    check_eq("in not readable", sendfile(out, null, &off, 10), -EBADF);
    check_eq("pipe offset", sendfile(out, p[0], &off, 10), -ESPIPE);
    check_eq("pipe in", sendfile(out, p[0], NULL, 10), -EINVAL);
    int proc = (int)sys_openat(AT_FDCWD, "/proc/meminfo", O_RDONLY, 0);
    check_true("open /proc/meminfo", proc >= 0, proc);
    check_eq("generated file in", sendfile(out, proc, NULL, 10), -EINVAL);
    check_eq("close", sys_close(proc), 0);
    off = -1;
    check_eq("negative offset", sendfile(out, in, &off, 10), -EINVAL);
    check_eq("bad offset pointer", sendfile(out, in, (long *)16, 10), -EFAULT);
    int app = (int)sys_openat(AT_FDCWD, DST, O_WRONLY | O_APPEND, 0);
    check_true("open append", app >= 0, app);
    check_eq("append", sendfile(app, in, NULL, 10), -EINVAL);

    check_eq("close", sys_close(app), 0);
    check_eq("close", sys_close(null), 0);
    check_eq("close", sys_close(out), 0);
    check_eq("close", sys_close(in), 0);
    check_eq("close", sys_close(p[0]), 0);
    check_eq("close", sys_close(p[1]), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, SRC, 0), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, DST, 0), 0);
    return 0;
}
