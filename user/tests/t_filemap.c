/* mmap of files: MAP_SHARED maps the file's own pages (a write through one process's
 * mapping is at once what read() and another process's mapping see, and touching a page of
 * the file allocates nothing), MAP_PRIVATE copies on the first write and never reaches the
 * file, a page wholly past the end of the file is SIGBUS, ftruncate takes the cut pages out
 * of every mapping, an unlinked file lives while mapped, and mmap's errors for descriptors.
 * exec maps a program's read-only segments from the file: a second process running this
 * program touches all of a 32-page read-only table without the free-page count dropping by
 * that much. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define PATH "/t_filemap.dat"
#define RW (PROT_READ | PROT_WRITE)
#define WAIT_MS 3000
#define TABLE_PAGES 32

/* Read-only data in the program file, faulted in by the exec'd copy (HOLD_FLAG). */
static const unsigned char table[TABLE_PAGES * PAGE_SIZE] = { 1, 2, 3 };
#define HOLD_FLAG "--hold"

static long free_pages(void)
{
    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);
    return (long)(info.freeram * info.mem_unit / PAGE_SIZE);
}

/* A file of len bytes, every byte (i * 7) & 0xff; returns an fd open with flags. */
static int make_file(long len, int flags)
{
    static unsigned char buf[PAGE_SIZE];
    int fd = (int)sys_openat(AT_FDCWD, PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    check_true("open " PATH, fd >= 0, fd);
    for (long off = 0; off < len; off += PAGE_SIZE) {
        long n = len - off < (long)PAGE_SIZE ? len - off : (long)PAGE_SIZE;
        for (long i = 0; i < n; i++)
            buf[i] = (unsigned char)(((off + i) * 7) & 0xff);
        check_eq("write the file", sys_write(fd, buf, (size_t)n), n);
    }
    if ((flags & O_ACCMODE) == O_RDWR)
        return fd;
    check_eq("close", sys_close(fd), 0);
    fd = (int)sys_openat(AT_FDCWD, PATH, flags, 0);
    check_true("reopen " PATH, fd >= 0, fd);
    return fd;
}

static volatile unsigned char *map_file(int fd, long len, int prot, int flags, long off)
{
    long addr = sys_mmap(NULL, (size_t)len, prot, flags, fd, off);
    check_true("mmap of the file", addr > 0, addr);
    return (volatile unsigned char *)addr;
}

static unsigned char file_byte(int fd, long off)
{
    unsigned char c = 0;
    check_eq("pread", sys_pread64(fd, &c, 1, off), 1);
    return c;
}

static void wait_for(const char *what, volatile unsigned char *p, unsigned char value)
{
    for (int ms = 0; *p != value; ms++) {
        check_true(what, ms < WAIT_MS, *p);
        sleep_ms(1);
    }
}

static void done(int fd)
{
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

#define SHARED_PAGES 16

/* One page for the file, read(), this process's mapping and a child's own mapping. */
static void shared_is_the_file(void)
{
    int fd = make_file(SHARED_PAGES * PAGE_SIZE, O_RDWR);
    volatile unsigned char *m = map_file(fd, SHARED_PAGES * PAGE_SIZE, RW, MAP_SHARED, 0);
    check_eq("the mapping shows the file", m[PAGE_SIZE + 3], ((PAGE_SIZE + 3) * 7) & 0xff);

    /* The first touch made the page table; the rest may only add share-count chunks. */
    long before = free_pages();
    for (int i = 2; i < SHARED_PAGES; i++)
        m[i * PAGE_SIZE] = (unsigned char)i;
    m[1] = 0x5a;
    long cost = before - free_pages();
    check_true("touching 15 mapped file pages allocates no page for them", cost < 4, cost);
    check_eq("read() sees the stores at once", file_byte(fd, 1), 0x5a);
    check_eq("read() sees the stores at once", file_byte(fd, 9 * PAGE_SIZE), 9);

    long pid = fork();
    if (pid == 0) {
        volatile unsigned char *c = map_file(fd, 2 * PAGE_SIZE, RW, MAP_SHARED, 0);
        check_eq("the child's own mapping sees the parent's store", c[1], 0x5a);
        c[PAGE_SIZE] = 0xc1;
        wait_for("the child sees the parent's later store", &c[2], 0xa2);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    wait_for("the parent sees the child's store", &m[PAGE_SIZE], 0xc1);
    check_eq("read() sees the child's store", file_byte(fd, PAGE_SIZE), 0xc1);
    unsigned char v = 0xa2;
    check_eq("pwrite", sys_pwrite64(fd, &v, 1, 2), 1);
    check_exited_with("child", wait_status("wait4 child", pid, 0), 0);
    check_eq("write() shows in the mapping", m[2], 0xa2);
    check_eq("munmap", sys_munmap((void *)m, SHARED_PAGES * PAGE_SIZE), 0);
    done(fd);
}

/* MAP_PRIVATE: the file's page until the first write, then a copy the file never sees. */
static void private_copies_on_write(void)
{
    int fd = make_file(2 * PAGE_SIZE, O_RDONLY);
    volatile unsigned char *m = map_file(fd, 2 * PAGE_SIZE, RW, MAP_PRIVATE, 0);
    check_eq("private mapping shows the file", m[5], 35);
    m[5] = 0xee;
    check_eq("the private store is there", m[5], 0xee);
    check_eq("the file does not see it", file_byte(fd, 5), 35);

    int wfd = (int)sys_openat(AT_FDCWD, PATH, O_WRONLY, 0);
    check_true("open for writing", wfd >= 0, wfd);
    unsigned char v = 0x77;
    check_eq("pwrite page 0", sys_pwrite64(wfd, &v, 1, 6), 1);
    check_eq("pwrite page 1", sys_pwrite64(wfd, &v, 1, PAGE_SIZE + 6), 1);
    check_eq("the copied page keeps the private contents", m[6], 42);
    check_eq("a page not written privately is still the file's", m[PAGE_SIZE + 6], 0x77);
    check_eq("close", sys_close(wfd), 0);

    long pid = fork();
    if (pid == 0) {
        check_eq("the child sees the private copy", m[5], 0xee);
        m[5] = 0x11;
        sys_exit(0);
    }
    check_exited_with("child", wait_status("wait4 child", pid, 0), 0);
    check_eq("the child's store stays its own", m[5], 0xee);
    check_eq("munmap", sys_munmap((void *)m, 2 * PAGE_SIZE), 0);

    volatile unsigned char *r = map_file(fd, PAGE_SIZE, PROT_READ, MAP_SHARED, PAGE_SIZE);
    check_eq("an offset maps that page of the file", r[6], 0x77);
    check_eq("munmap", sys_munmap((void *)r, PAGE_SIZE), 0);
    done(fd);
}

static volatile unsigned char *bus_page;
static void touch_bus_page(void) { (void)*bus_page; }

/* Bytes of the last page past the end read as zero; a page wholly past it is SIGBUS. */
static void past_end_is_sigbus(void)
{
    int fd = make_file(PAGE_SIZE + 100, O_RDWR);
    volatile unsigned char *m = map_file(fd, 3 * PAGE_SIZE, RW, MAP_SHARED, 0);
    check_eq("the last byte of the file", m[PAGE_SIZE + 99], ((PAGE_SIZE + 99) * 7) & 0xff);
    check_eq("past the end in the last page reads zero", m[PAGE_SIZE + 100], 0);
    bus_page = m + 2 * PAGE_SIZE;
    expect_killed_by("a page wholly past the end", touch_bus_page, SIGBUS);
    check_eq("read() into that page fails", sys_pread64(fd, (void *)bus_page, 1, 0), -EFAULT);

    /* Growing the file makes the page valid: zeros, shared with the file. */
    check_eq("ftruncate up", sys_ftruncate(fd, 3 * PAGE_SIZE), 0);
    check_eq("the grown page reads zero", bus_page[0], 0);
    bus_page[1] = 9;
    check_eq("and is the file's", file_byte(fd, 2 * PAGE_SIZE + 1), 9);

    /* Shrinking takes the cut pages out of the mappings, private copies included. */
    volatile unsigned char *p = map_file(fd, 3 * PAGE_SIZE, RW, MAP_PRIVATE, 0);
    p[2 * PAGE_SIZE] = 1;
    check_eq("ftruncate down", sys_ftruncate(fd, PAGE_SIZE), 0);
    expect_killed_by("a shared page cut by ftruncate", touch_bus_page, SIGBUS);
    bus_page = p + 2 * PAGE_SIZE;
    expect_killed_by("a private copy of a cut page", touch_bus_page, SIGBUS);
    bus_page = m + PAGE_SIZE;
    expect_killed_by("the page just past the new end", touch_bus_page, SIGBUS);
    check_eq("ftruncate up again", sys_ftruncate(fd, 3 * PAGE_SIZE), 0);
    check_eq("the cut data is gone", m[2 * PAGE_SIZE + 1], 0);
    check_eq("munmap", sys_munmap((void *)m, 3 * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)p, 3 * PAGE_SIZE), 0);
    done(fd);
}

/* An unlinked, closed file lives on in its mapping and goes with it (the leak check). */
static void unlinked_file_lives_while_mapped(void)
{
    int fd = make_file(PAGE_SIZE, O_RDWR);
    volatile unsigned char *m = map_file(fd, PAGE_SIZE, RW, MAP_SHARED, 0);
    done(fd);
    check_eq("the mapping keeps the data", m[10], 70);
    m[10] = 1;
    check_eq("and takes stores", m[10], 1);
    check_eq("munmap", sys_munmap((void *)m, PAGE_SIZE), 0);
}

static void errors(void)
{
    int fd = make_file(PAGE_SIZE, O_RDONLY);
    check_eq("bad fd", sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, -1, 0), -EBADF);
    check_eq("closed fd", sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, 99, 0), -EBADF);
    check_eq("unaligned offset", sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 100),
             -EINVAL);
    check_eq("shared writable of an O_RDONLY fd",
             sys_mmap(NULL, PAGE_SIZE, RW, MAP_SHARED, fd, 0), -EACCES);
    long a = sys_mmap(NULL, PAGE_SIZE, RW, MAP_PRIVATE, fd, 0);
    check_true("private writable of an O_RDONLY fd", a > 0, a);
    check_eq("munmap", sys_munmap((void *)a, PAGE_SIZE), 0);
    check_eq("close", sys_close(fd), 0);

    fd = (int)sys_openat(AT_FDCWD, PATH, O_WRONLY, 0);
    check_true("open O_WRONLY", fd >= 0, fd);
    check_eq("any mapping of an O_WRONLY fd",
             sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0), -EACCES);
    check_eq("close", sys_close(fd), 0);
    fd = (int)sys_openat(AT_FDCWD, PATH, O_RDWR | O_APPEND, 0);
    check_true("open O_APPEND", fd >= 0, fd);
    check_eq("shared writable of an O_APPEND fd",
             sys_mmap(NULL, PAGE_SIZE, RW, MAP_SHARED, fd, 0), -EACCES);
    check_eq("close", sys_close(fd), 0);

    int fds[2];
    check_eq("pipe", sys_pipe2(fds, 0), 0);
    check_eq("a pipe", sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fds[0], 0), -ENODEV);
    check_eq("close", sys_close(fds[0]), 0);
    check_eq("close", sys_close(fds[1]), 0);
    fd = (int)sys_openat(AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0);
    check_true("open /", fd >= 0, fd);
    check_eq("a directory", sys_mmap(NULL, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0), -ENODEV);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

/* The exec'd copy: touch all of table, say so on fd argv[2], wait for EOF on argv[3]. */
static int hold(char **argv)
{
    unsigned sum = 0;
    for (unsigned long i = 0; i < sizeof(table); i += PAGE_SIZE)
        sum += *(volatile const unsigned char *)&table[i];
    check_eq("the table's first page", sum, 1);
    char c = 'r';
    check_eq("ready", sys_write(argv[2][0] - '0', &c, 1), 1);
    check_eq("wait for the parent", sys_read(argv[3][0] - '0', &c, 1), 0);
    return 0;
}

static void exec_shares_readonly_segments(char *self)
{
    int ready[2], go[2];
    check_eq("pipe", sys_pipe2(ready, 0), 0);
    check_eq("pipe", sys_pipe2(go, 0), 0);
    check_true("small descriptors", ready[1] < 10 && go[0] < 10, ready[1]);
    char wfd[2] = { (char)('0' + ready[1]), 0 }, rfd[2] = { (char)('0' + go[0]), 0 };
    char *args[] = { self, HOLD_FLAG, wfd, rfd, NULL }, *env[] = { NULL };

    long before = free_pages();
    long pid = fork();
    if (pid == 0) {
        sys_close(go[1]);
        sys_close(ready[0]);
        sys_execve(self, args, env);
        sys_exit(99);
    }
    check_true("fork", pid > 0, pid);
    check_eq("close", sys_close(go[0]), 0);
    char c;
    check_eq("the copy is ready", sys_read(ready[0], &c, 1), 1);
    long cost = before - free_pages();
    check_true("a second copy of the program costs less than its table", cost < TABLE_PAGES,
               cost);
    check_eq("close", sys_close(go[1]), 0);
    check_exited_with("the exec'd copy", wait_status("wait4", pid, 0), 0);
    check_eq("close", sys_close(ready[0]), 0);
    check_eq("close", sys_close(ready[1]), 0);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], HOLD_FLAG) == 0)
        return hold(argv);
    shared_is_the_file();
    private_copies_on_write();
    past_end_is_sigbus();
    unlinked_file_lives_while_mapped();
    errors();
    exec_shares_readonly_segments(argc > 1 ? argv[1] : "/bin/t_filemap");
    return 0;
}
