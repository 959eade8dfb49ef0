/* mremap: shrinking unmaps the tail, growing extends in place when the space after is free
 * (ENOMEM without MREMAP_MAYMOVE when it is not), MREMAP_MAYMOVE moves the pages (contents
 * kept, no page copied: the free-page count does not drop by the range's size),
 * MREMAP_FIXED moves to a given address, MREMAP_DONTUNMAP leaves the old range mapped and
 * empty, a moved file mapping is still the file; and Linux's errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define RW (PROT_READ | PROT_WRITE)
#define PAGES 16
#define PATH "/t_mremap.dat"

static long mremap(volatile void *old, unsigned long old_len, unsigned long new_len, int flags,
                   unsigned long new_addr)
{
    return syscall6(SYS_mremap, (long)old, (long)old_len, (long)new_len, flags, (long)new_addr, 0);
}

static long free_pages(void)
{
    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);
    return (long)(info.freeram * info.mem_unit / PAGE_SIZE);
}

static volatile unsigned char *map(unsigned long len)
{
    long a = sys_mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_true("mmap", a > 0, a);
    return (volatile unsigned char *)a;
}

static void fill(volatile unsigned char *m, int pages)
{
    for (int i = 0; i < pages; i++)
        m[i * PAGE_SIZE + 1] = (unsigned char)(i + 1);
}

static void check_filled(const char *what, volatile unsigned char *m, int pages)
{
    for (int i = 0; i < pages; i++)
        check_eq(what, m[i * PAGE_SIZE + 1], i + 1);
}

static int mapped(volatile void *addr)
{
    unsigned char v;
    return syscall6(SYS_mincore, (long)addr, PAGE_SIZE, (long)&v, 0, 0, 0) == 0;
}

static void shrink_and_grow(void)
{
    volatile unsigned char *m = map(4 * PAGE_SIZE);
    fill(m, 4);
    check_eq("shrink in place", mremap(m, 4 * PAGE_SIZE, 2 * PAGE_SIZE, 0, 0), (long)m);
    check_true("the tail is unmapped", !mapped(m + 2 * PAGE_SIZE), 0);
    check_eq("grow in place", mremap(m, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 0, 0), (long)m);
    check_filled("contents kept", m, 2);
    check_eq("the new pages are zero", m[3 * PAGE_SIZE + 1], 0);
    long blocker = sys_mmap((void *)(m + 4 * PAGE_SIZE), PAGE_SIZE, PROT_READ,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check_eq("a range right after", blocker, (long)(m + 4 * PAGE_SIZE));
    check_eq("no room without MREMAP_MAYMOVE", mremap(m, 4 * PAGE_SIZE, 8 * PAGE_SIZE, 0, 0),
             -ENOMEM);
    check_eq("munmap", sys_munmap((void *)m, 5 * PAGE_SIZE), 0);
}

static void move_keeps_pages(void)
{
    volatile unsigned char *m = map(PAGES * PAGE_SIZE);
    fill(m, PAGES);
    long blocker = sys_mmap((void *)(m + PAGES * PAGE_SIZE), PAGE_SIZE, PROT_READ,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check_eq("a range right after", blocker, (long)(m + PAGES * PAGE_SIZE));
    long before = free_pages();
    long n = mremap(m, PAGES * PAGE_SIZE, 2 * PAGES * PAGE_SIZE, MREMAP_MAYMOVE, 0);
    check_true("MREMAP_MAYMOVE moves", n > 0 && n != (long)m, n);
    long cost = before - free_pages();
    check_true("no page was copied", cost < PAGES / 2, cost);
    volatile unsigned char *moved = (volatile unsigned char *)n;
    check_filled("contents moved", moved, PAGES);
    check_true("the old range is gone", !mapped(m), 0);
    moved[2 * PAGES * PAGE_SIZE - 1] = 7;

    long fork_pid = fork();
    if (fork_pid == 0) {
        moved[1] = 0x99;
        sys_exit(moved[PAGE_SIZE + 1] == 2 ? 0 : 1);
    }
    check_exited_with("a child sees the moved pages", wait_status("wait4", fork_pid, 0), 0);
    check_eq("and its store stays its own", moved[1], 1);

    /* MREMAP_FIXED to a free address of our choosing. */
    volatile unsigned char *target = map(2 * PAGES * PAGE_SIZE);
    check_eq("munmap", sys_munmap((void *)target, 2 * PAGES * PAGE_SIZE), 0);
    check_eq("MREMAP_FIXED", mremap(moved, 2 * PAGES * PAGE_SIZE, 2 * PAGES * PAGE_SIZE,
                                    MREMAP_MAYMOVE | MREMAP_FIXED, (unsigned long)target),
             (long)target);
    check_filled("contents at the fixed address", target, PAGES);
    check_eq("the last byte too", target[2 * PAGES * PAGE_SIZE - 1], 7);

    /* MREMAP_DONTUNMAP: the old range stays, empty. */
    n = mremap(target, PAGE_SIZE, PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    check_true("MREMAP_DONTUNMAP", n > 0, n);
    check_eq("the page moved", ((volatile unsigned char *)n)[1], 1);
    check_true("the old range is still mapped", mapped(target), 0);
    check_eq("and reads zero", target[1], 0);
    check_eq("munmap", sys_munmap((void *)n, PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)target, 2 * PAGES * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)(m + PAGES * PAGE_SIZE), PAGE_SIZE), 0);
}

static void moved_file_mapping(void)
{
    int fd = (int)sys_openat(AT_FDCWD, PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    check_true("open", fd >= 0, fd);
    check_eq("ftruncate", sys_ftruncate(fd, 4 * PAGE_SIZE), 0);
    long a = sys_mmap(NULL, 2 * PAGE_SIZE, RW, MAP_SHARED, fd, PAGE_SIZE);
    check_true("mmap the file", a > 0, a);
    long n = mremap((void *)a, 2 * PAGE_SIZE, 3 * PAGE_SIZE, MREMAP_MAYMOVE, 0);
    check_true("mremap the file mapping", n > 0, n);
    ((volatile unsigned char *)n)[2 * PAGE_SIZE + 3] = 0x42;
    unsigned char c = 0;
    check_eq("pread", sys_pread64(fd, &c, 1, 3 * PAGE_SIZE + 3), 1);
    check_eq("the grown part is the file's next page", c, 0x42);
    check_eq("munmap", sys_munmap((void *)n, 3 * PAGE_SIZE), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PATH, 0), 0);
}

static void errors(void)
{
    volatile unsigned char *m = map(4 * PAGE_SIZE);
    check_eq("unknown flag", mremap(m, PAGE_SIZE, PAGE_SIZE, 8, 0), -EINVAL);
    check_eq("unaligned", mremap(m + 1, PAGE_SIZE, PAGE_SIZE, 0, 0), -EINVAL);
    check_eq("MREMAP_FIXED alone", mremap(m, PAGE_SIZE, PAGE_SIZE, MREMAP_FIXED, 0), -EINVAL);
    check_eq("MREMAP_DONTUNMAP resizing",
             mremap(m, PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), -EINVAL);
    check_eq("new length 0", mremap(m, PAGE_SIZE, 0, 0, 0), -EINVAL);
    check_eq("MREMAP_FIXED onto itself",
             mremap(m, 2 * PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED,
                    (unsigned long)(m + PAGE_SIZE)), -EINVAL);
    check_eq("MREMAP_FIXED unaligned",
             mremap(m, PAGE_SIZE, PAGE_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED,
                    (unsigned long)(m + 8 * PAGE_SIZE + 1)), -EINVAL);
    check_eq("past the range", mremap(m, 8 * PAGE_SIZE, 8 * PAGE_SIZE, 0, 0), -EFAULT);
    check_eq("mprotect a page", sys_mprotect((void *)(m + PAGE_SIZE), PAGE_SIZE, PROT_READ), 0);
    check_eq("across two ranges", mremap(m, 2 * PAGE_SIZE, 4 * PAGE_SIZE, MREMAP_MAYMOVE, 0),
             -EFAULT);
    check_eq("munmap", sys_munmap((void *)m, 4 * PAGE_SIZE), 0);
    check_eq("unmapped", mremap(m, PAGE_SIZE, PAGE_SIZE, 0, 0), -EFAULT);
}

int main(void)
{
    shrink_and_grow();
    move_keeps_pages();
    moved_file_mapping();
    errors();
    return 0;
}
