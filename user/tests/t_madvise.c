/* madvise, mincore, msync: MADV_DONTNEED reads back zeros in private anonymous memory and
 * the file's contents in a private file mapping (the private copy dropped), while shared
 * memory keeps its data; mincore follows touches and DONTNEED and sees a file's pages this
 * process never touched; MADV_POPULATE_* fault pages in; MADV_DONTFORK keeps a range out of
 * a fork child; and each call's errors as Linux gives them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define PATH "/t_madvise.dat"
#define RW (PROT_READ | PROT_WRITE)
#define PAGES 4

static long madvise(volatile void *addr, unsigned long len, int advice)
{
    return syscall6(SYS_madvise, (long)addr, (long)len, advice, 0, 0, 0);
}

static long mincore(volatile void *addr, unsigned long len, unsigned char *vec)
{
    return syscall6(SYS_mincore, (long)addr, (long)len, (long)vec, 0, 0, 0);
}

static long msync(volatile void *addr, unsigned long len, int flags)
{
    return syscall6(SYS_msync, (long)addr, (long)len, flags, 0, 0, 0);
}

/* The resident bits of PAGES pages, page 0 in bit 0. */
static int resident(volatile unsigned char *m)
{
    unsigned char vec[PAGES];
    check_eq("mincore", mincore(m, PAGES * PAGE_SIZE, vec), 0);
    int bits = 0;
    for (int i = 0; i < PAGES; i++) {
        check_true("mincore bytes are 0 or 1", vec[i] <= 1, vec[i]);
        bits |= vec[i] << i;
    }
    return bits;
}

static volatile unsigned char *map(int prot, int flags, int fd)
{
    long a = sys_mmap(NULL, PAGES * PAGE_SIZE, prot, flags, fd, 0);
    check_true("mmap", a > 0, a);
    return (volatile unsigned char *)a;
}

static void anonymous_dontneed_zeroes(void)
{
    volatile unsigned char *m = map(RW, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    check_eq("nothing resident before a touch", resident(m), 0);
    m[0] = 1;
    m[2 * PAGE_SIZE + 5] = 2;
    check_eq("touched pages are resident", resident(m), 0x5);
    check_eq("MADV_DONTNEED", madvise(m + 2 * PAGE_SIZE, 2 * PAGE_SIZE, MADV_DONTNEED), 0);
    check_eq("DONTNEED pages are gone", resident(m), 0x1);
    check_eq("and read back as zero", m[2 * PAGE_SIZE + 5], 0);
    check_eq("the page before keeps its data", m[0], 1);
    m[PAGE_SIZE] = 3;
    check_eq("MADV_FREE", madvise(m, 2 * PAGE_SIZE, MADV_FREE), 0);
    m[PAGE_SIZE] = 4;
    check_eq("a store after MADV_FREE stays", m[PAGE_SIZE], 4);

    check_eq("MADV_POPULATE_WRITE", madvise(m, PAGES * PAGE_SIZE, MADV_POPULATE_WRITE), 0);
    check_eq("populated pages are resident", resident(m), 0xf);
    for (int a = MADV_NORMAL; a <= MADV_WILLNEED; a++)
        check_eq("MADV_NORMAL/RANDOM/SEQUENTIAL/WILLNEED", madvise(m, PAGE_SIZE, a), 0);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

static void shared_memory_survives_dontneed(void)
{
    volatile unsigned char *m = map(RW, MAP_SHARED | MAP_ANONYMOUS, -1);
    m[7] = 9;
    check_eq("MADV_DONTNEED on shared memory", madvise(m, PAGE_SIZE, MADV_DONTNEED), 0);
    check_eq("the object still has the page", resident(m) & 1, 1);
    check_eq("shared data survives", m[7], 9);
    check_eq("MADV_FREE is only for private anonymous memory",
             madvise(m, PAGE_SIZE, MADV_FREE), -EINVAL);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

static void file_refaults_after_dontneed(void)
{
    int fd = (int)sys_openat(AT_FDCWD, PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    check_true("open", fd >= 0, fd);
    static unsigned char page[PAGE_SIZE];
    for (int i = 0; i < PAGES - 1; i++) {
        page[0] = (unsigned char)(0x40 + i);
        check_eq("write", sys_write(fd, page, PAGE_SIZE), PAGE_SIZE);
    }
    volatile unsigned char *p = map(RW, MAP_PRIVATE, fd);
    check_eq("file pages are resident before any touch", resident(p), 0x7);
    p[0] = 0x99;
    check_eq("the private copy", p[0], 0x99);
    check_eq("MADV_DONTNEED", madvise(p, PAGE_SIZE, MADV_DONTNEED), 0);
    check_eq("the file's contents come back", p[0], 0x40);
    check_eq("MADV_POPULATE_READ past the end of the file",
             madvise(p, PAGES * PAGE_SIZE, MADV_POPULATE_READ), -EFAULT);
    check_eq("MADV_POPULATE_READ within it", madvise(p, 3 * PAGE_SIZE, MADV_POPULATE_READ), 0);

    volatile unsigned char *s = map(RW, MAP_SHARED, fd);
    s[1] = 0x55;
    check_eq("msync MS_SYNC", msync(s, PAGES * PAGE_SIZE, MS_SYNC), 0);
    check_eq("msync MS_ASYNC|MS_INVALIDATE", msync(s, PAGE_SIZE, MS_ASYNC | MS_INVALIDATE), 0);
    unsigned char c = 0;
    check_eq("pread", sys_pread64(fd, &c, 1, 1), 1);
    check_eq("the file has the shared store", c, 0x55);
    check_eq("msync MS_ASYNC|MS_SYNC", msync(s, PAGE_SIZE, MS_ASYNC | MS_SYNC), -EINVAL);
    check_eq("msync unknown flag", msync(s, PAGE_SIZE, 8), -EINVAL);
    check_eq("msync unaligned", msync(s + 1, PAGE_SIZE, MS_SYNC), -EINVAL);
    check_eq("msync length 0", msync(s, 0, MS_SYNC), 0);
    check_eq("munmap", sys_munmap((void *)s, PAGES * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)p, PAGES * PAGE_SIZE), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

static volatile unsigned char *dontfork_page;
static void touch_dontfork(void) { (void)*dontfork_page; }

static void dontfork(void)
{
    volatile unsigned char *m = map(RW, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    m[0] = 1;
    m[PAGE_SIZE] = 2;
    check_eq("MADV_DONTFORK", madvise(m + PAGE_SIZE, PAGE_SIZE, MADV_DONTFORK), 0);
    dontfork_page = m + PAGE_SIZE;
    expect_killed_by("a DONTFORK range is not in the child", touch_dontfork, SIGSEGV);
    dontfork_page = m;
    check_exited_with("the rest is", run_in_child(touch_dontfork), 0);
    check_eq("MADV_DOFORK", madvise(m, PAGES * PAGE_SIZE, MADV_DOFORK), 0);
    dontfork_page = m + PAGE_SIZE;
    check_exited_with("after DOFORK the child has it", run_in_child(touch_dontfork), 0);
    check_eq("the parent's data", m[PAGE_SIZE], 2);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

static void errors(void)
{
    volatile unsigned char *m = map(RW, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    unsigned char vec[PAGES];
    check_eq("madvise unknown advice", madvise(m, PAGE_SIZE, 1000), -EINVAL);
    check_eq("madvise unaligned", madvise(m + 1, PAGE_SIZE, MADV_DONTNEED), -EINVAL);
    check_eq("madvise length 0", madvise(m, 0, MADV_DONTNEED), 0);
    check_eq("madvise wrapping", madvise(m, -PAGE_SIZE, MADV_NORMAL), -EINVAL);
    check_eq("madvise over a hole", madvise(m, 2 * PAGES * PAGE_SIZE, MADV_NORMAL), -ENOMEM);
    check_eq("mprotect read-only", sys_mprotect((void *)m, PAGE_SIZE, PROT_READ), 0);
    check_eq("MADV_POPULATE_WRITE of read-only memory",
             madvise(m, PAGE_SIZE, MADV_POPULATE_WRITE), -EINVAL);
    check_eq("mincore unaligned", mincore(m + 1, PAGE_SIZE, vec), -EINVAL);
    check_eq("mincore over a hole", mincore(m, 2 * PAGES * PAGE_SIZE, vec), -ENOMEM);
    check_eq("mincore bad vector", mincore(m, PAGE_SIZE, (unsigned char *)16), -EFAULT);
    check_eq("mincore length 0", mincore(m, 0, vec), 0);
    check_eq("msync over a hole", msync(m, 2 * PAGES * PAGE_SIZE, MS_SYNC), -ENOMEM);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
    check_eq("madvise of unmapped memory", madvise(m, PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
    check_eq("mincore of unmapped memory", mincore(m, PAGE_SIZE, vec), -ENOMEM);
}

int main(void)
{
    anonymous_dontneed_zeroes();
    shared_memory_survives_dontneed();
    file_refaults_after_dontneed();
    dontfork();
    errors();
    return 0;
}
