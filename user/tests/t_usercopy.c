/* The kernel's user copies (mm/usercopy_asm.S) at every alignment and length, and a fault
 * partway through one.
 *
 * Bytes go into a pipe from each source offset 0..7 and come back out into each
 * destination offset 0..7, lengths 0..80 (around the 8-byte words and the 16-byte
 * threshold of the copy) and lengths around the 64-byte blocks and pages; the pipe's own
 * offset moves with every transfer, so the kernel side varies too. The bytes on either
 * side of the destination must stay as they were.
 *
 * A buffer whose first bytes are valid and whose rest lies in a page of a shared file
 * mapping past the end of the file (SIGBUS for the program, a fault the kernel's copy
 * cannot resolve) fails a write or read of the pipe with EFAULT and leaves the pipe's data
 * as it was: Linux's pipe_write and pipe_read do the same when nothing was moved before
 * the fault. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

#define PATH "/t_usercopy.dat"
#define GUARD 16
#define MAX_LEN (2 * PAGE_SIZE + 80)

static unsigned char src[MAX_LEN + 8];
static unsigned char dst[GUARD + MAX_LEN + 8 + GUARD];

static unsigned char pattern(unsigned long i, unsigned seed)
{
    return (unsigned char)(i * 29 + seed * 13 + (i >> 7));
}

static void one_transfer(int fds[2], unsigned so, unsigned doff, unsigned long len,
                         unsigned seed)
{
    for (unsigned long i = 0; i < len; i++)
        src[so + i] = pattern(i, seed);
    memset(dst, 0xa5, sizeof(dst));
    unsigned char *to = dst + GUARD + doff;
    check_eq("write from an offset source", sys_write(fds[1], src + so, len), (long)len);
    check_eq("read into an offset destination", sys_read(fds[0], to, len), (long)len);
    for (unsigned long i = 0; i < len; i++)
        if (to[i] != pattern(i, seed))
            check_eq("copied byte", (long)i, -1);
    for (unsigned long i = 0; i < GUARD + doff; i++)
        check_eq("byte before the destination", dst[i], 0xa5);
    for (unsigned long i = GUARD + doff + len; i < sizeof(dst); i++)
        check_eq("byte after the destination", dst[i], 0xa5);
}

static void every_alignment(void)
{
    static const unsigned long long_lens[] = { 127, 128, 129, 135, 200, 4095, 4096, 4097,
                                               4103, 2 * PAGE_SIZE + 71 };
    int fds[2];
    unsigned seed = 0;

    check_eq("pipe2", sys_pipe2(fds, 0), 0);
    for (unsigned so = 0; so < 8; so++)
        for (unsigned doff = 0; doff < 8; doff++) {
            for (unsigned long len = 0; len <= 80; len++)
                one_transfer(fds, so, doff, len, seed++);
            for (unsigned i = 0; i < sizeof(long_lens) / sizeof(long_lens[0]); i++)
                one_transfer(fds, so, doff, long_lens[i], seed++);
        }
    check_eq("close read end", sys_close(fds[0]), 0);
    check_eq("close write end", sys_close(fds[1]), 0);
}

static int waiting(int fd)
{
    int n = -1;
    check_eq("FIONREAD", sys_ioctl(fd, FIONREAD, &n), 0);
    return n;
}

/* good bytes before the page past the end of the file, total bytes transferred. */
static void fault_at(unsigned char *past_end, unsigned long good, unsigned long total)
{
    static unsigned char back[PAGE_SIZE];
    unsigned char *buf = past_end - good;
    int fds[2];

    check_eq("pipe2", sys_pipe2(fds, 0), 0);
    memset(buf, 'g', good);
    check_eq("write from a buffer that faults partway", sys_write(fds[1], buf, total),
             -EFAULT);
    check_eq("nothing went into the pipe", waiting(fds[0]), 0);

    for (unsigned long i = 0; i < total; i++)
        src[i] = pattern(i, (unsigned)good);
    check_eq("fill the pipe", sys_write(fds[1], src, total), (long)total);
    check_eq("read into a buffer that faults partway", sys_read(fds[0], buf, total),
             -EFAULT);
    check_eq("the pipe still holds it all", waiting(fds[0]), (long)total);
    check_eq("read it elsewhere", sys_read(fds[0], back, total), (long)total);
    check_eq("all of it, in order", memcmp(back, src, total), 0);
    check_eq("close read end", sys_close(fds[0]), 0);
    check_eq("close write end", sys_close(fds[1]), 0);
}

static void fault_partway(void)
{
    static const unsigned long goods[] = { 1, 7, 8, 9, 15, 63, 64, 65, 100, 1001 };
    int fd = (int)sys_openat(AT_FDCWD, PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    check_true("open " PATH, fd >= 0, fd);
    check_eq("one page long", sys_ftruncate(fd, PAGE_SIZE), 0);
    long addr = sys_mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check_true("mmap of the file and a page past its end", addr > 0, addr);
    unsigned char *past_end = (unsigned char *)addr + PAGE_SIZE;

    for (unsigned i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
        fault_at(past_end, goods[i], goods[i] + 1);
        fault_at(past_end, goods[i], goods[i] + 200);
    }
    check_eq("munmap", sys_munmap((void *)addr, 2 * PAGE_SIZE), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

int main(void)
{
    every_alignment();
    fault_partway();
    return 0;
}
