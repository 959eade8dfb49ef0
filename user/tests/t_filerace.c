/* One file used from several harts at once (write(2), open(2) O_APPEND, ftruncate(2)):
 * - threads sharing one descriptor write records through its one offset: as on Linux,
 *   each write moves the offset past its own record, so none overwrites another and the
 *   file ends up exactly as long as everything written;
 * - processes appending records with O_APPEND: none lands on another's, and each record
 *   is whole (a write is one unit against other writes);
 * - one process truncates and regrows the file while others write and read it: no
 *   kernel fault, every call succeeds, and the runner's leak check finds every page back.
 * Without the file's I/O lock the shared offset and the end of file are read and moved
 * by several harts at once, and a truncation frees pages a copy is still using. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "threadlib.h"

#define WRITERS 4
#define RECORDS 400
#define RECORD 64
#define PATH "/tmp/t_filerace"

static int fd;

static void record(char *buf, int writer, int n)
{
    memset(buf, '.', RECORD);
    int len = snprintf(buf, RECORD, "writer %d record %d", writer, n);
    buf[len] = ' ';
    buf[RECORD - 1] = '\n';
}

static int write_records(void *arg)
{
    int writer = (int)(long)arg;
    char buf[RECORD];
    for (int n = 0; n < RECORDS; n++) {
        record(buf, writer, n);
        if (sys_write(fd, buf, RECORD) != RECORD)
            return 1;
    }
    return 0;
}

/* Every record in the file whole, each writer's in order, all of them there. */
static void check_records(const char *what)
{
    static char file[WRITERS * RECORDS * RECORD + 1];
    int next[WRITERS] = { 0 };
    char want[RECORD];

    check_eq(what, sys_pread64(fd, file, sizeof(file), 0), WRITERS * RECORDS * RECORD);
    for (int r = 0; r < WRITERS * RECORDS; r++) {
        const char *got = file + r * RECORD;
        int writer = got[7] - '0';
        if (writer < 0 || writer >= WRITERS || (record(want, writer, next[writer]++),
                                                  memcmp(got, want, RECORD) != 0)) {
            printf("%s: record %d is \"%.*s\"\n", what, r, RECORD - 1, got);
            fail("a whole record, in its writer's order");
        }
    }
}

static void shared_offset(void)
{
    struct thread t[WRITERS];
    fd = (int)sys_openat(AT_FDCWD, PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
    check_true("create", fd >= 0, fd);
    for (int i = 0; i < WRITERS; i++)
        thread_start(&t[i], 0, write_records, (void *)(long)i);
    for (int i = 0; i < WRITERS; i++)
        thread_join(&t[i]);
    check_eq("the shared offset is past every record", sys_lseek(fd, 0, SEEK_CUR),
             WRITERS * RECORDS * RECORD);
    check_records("threads through one offset");
    check_eq("close", sys_close(fd), 0);
}

static void appenders(void)
{
    long pid[WRITERS];
    fd = (int)sys_openat(AT_FDCWD, PATH, O_RDWR | O_TRUNC, 0);
    check_true("open", fd >= 0, fd);
    for (int i = 0; i < WRITERS; i++) {
        pid[i] = fork();
        if (pid[i] == 0) {
            /* Its own open file description: its own offset, moved by O_APPEND. */
            fd = (int)sys_openat(AT_FDCWD, PATH, O_WRONLY | O_APPEND, 0);
            sys_exit(fd < 0 || write_records((void *)(long)i));
        }
        check_true("fork", pid[i] > 0, pid[i]);
    }
    for (int i = 0; i < WRITERS; i++)
        check_exited_with("an appender", wait_status("appender", pid[i], 0), 0);
    check_records("processes appending");
    check_eq("close", sys_close(fd), 0);
}

/* Truncation against reads and writes of the same pages: each call must succeed. */
static void truncate_while_used(void)
{
    enum { ROUNDS = 300, SIZE = 16 * 4096 };
    static char buf[SIZE];
    long pid[3];
    fd = (int)sys_openat(AT_FDCWD, PATH, O_RDWR | O_TRUNC, 0);
    check_true("open", fd >= 0, fd);
    for (int i = 0; i < 3; i++) {
        pid[i] = fork();
        if (pid[i] == 0) {
            int ok = 1;
            for (int r = 0; r < ROUNDS && ok; r++) {
                if (i == 0)
                    ok = sys_ftruncate(fd, r % 2 ? SIZE : 0) == 0;
                else if (i == 1)
                    ok = sys_pwrite64(fd, buf, SIZE, 0) == SIZE;
                else
                    ok = sys_pread64(fd, buf, SIZE, 0) >= 0;
            }
            sys_exit(!ok);
        }
        check_true("fork", pid[i] > 0, pid[i]);
    }
    for (int i = 0; i < 3; i++)
        check_exited_with("truncating, writing, reading", wait_status("user", pid[i], 0), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

int main(void)
{
    shared_offset();
    appenders();
    truncate_while_used();
    return 0;
}
