/* mlock, mlock2, munlock, mlockall, munlockall: locking faults the pages in at once
 * (mincore shows them resident before any touch), MLOCK_ONFAULT and MCL_ONFAULT do not,
 * MCL_FUTURE populates later mappings, MADV_DONTNEED refuses locked pages, a fork child does
 * not inherit locks, and the errors are Linux's. Every process is root, which has
 * CAP_IPC_LOCK, so RLIMIT_MEMLOCK does not limit it (Linux's can_do_mlock). */
#include <errno.h>
#include <sys/mman.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define RW (PROT_READ | PROT_WRITE)
#define PAGES 4

static long call(long nr, long a0, long a1, long a2)
{
    return syscall6(nr, a0, a1, a2, 0, 0, 0);
}

static int resident(volatile unsigned char *m)
{
    unsigned char vec[PAGES];
    check_eq("mincore", call(SYS_mincore, (long)m, PAGES * PAGE_SIZE, (long)vec), 0);
    int bits = 0;
    for (int i = 0; i < PAGES; i++)
        bits |= (vec[i] & 1) << i;
    return bits;
}

static volatile unsigned char *map(void)
{
    long a = sys_mmap(NULL, PAGES * PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_true("mmap", a > 0, a);
    return (volatile unsigned char *)a;
}

static volatile unsigned char *locked;
static void child_may_dontneed(void)
{
    check_eq("the child's copy is not locked",
             call(SYS_madvise, (long)locked, PAGE_SIZE, MADV_DONTNEED), 0);
}

int main(void)
{
    volatile unsigned char *m = map();
    check_eq("nothing resident", resident(m), 0);
    check_eq("mlock of an unaligned start locks its whole page",
             call(SYS_mlock, (long)(m + PAGE_SIZE + 100), PAGE_SIZE, 0), 0);
    check_eq("mlock faulted two pages in", resident(m), 0x6);
    check_eq("locked pages refuse MADV_DONTNEED",
             call(SYS_madvise, (long)m + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), -EINVAL);
    locked = m + PAGE_SIZE;
    check_exited_with("fork child", run_in_child(child_may_dontneed), 0);
    check_eq("munlock", call(SYS_munlock, (long)m, PAGES * PAGE_SIZE, 0), 0);
    check_eq("unlocked pages take MADV_DONTNEED",
             call(SYS_madvise, (long)m, PAGES * PAGE_SIZE, MADV_DONTNEED), 0);
    check_eq("mlock2 MLOCK_ONFAULT", call(SYS_mlock2, (long)m, PAGES * PAGE_SIZE, MLOCK_ONFAULT),
             0);
    check_eq("MLOCK_ONFAULT faults nothing in", resident(m), 0);
    m[3 * PAGE_SIZE] = 1;
    check_eq("a touched page is there", resident(m), 0x8);
    check_eq("mlock2 unknown flag", call(SYS_mlock2, (long)m, PAGE_SIZE, 2), -EINVAL);
    check_eq("mlock over a hole", call(SYS_mlock, (long)m, 2 * PAGES * PAGE_SIZE, 0), -ENOMEM);
    check_eq("munlock over a hole", call(SYS_munlock, (long)m, 2 * PAGES * PAGE_SIZE, 0), -ENOMEM);
    check_eq("mlock length 0", call(SYS_mlock, (long)m, 0, 0), 0);
    check_eq("mlock wrapping", call(SYS_mlock, (long)m, -PAGE_SIZE, 0), -EINVAL);
    check_eq("msync MS_INVALIDATE of locked pages",
             call(SYS_msync, (long)m, PAGE_SIZE, MS_INVALIDATE), -EBUSY);
    check_eq("munlock", call(SYS_munlock, (long)m, PAGES * PAGE_SIZE, 0), 0);

    check_eq("mlockall 0", call(SYS_mlockall, 0, 0, 0), -EINVAL);
    check_eq("mlockall MCL_ONFAULT alone", call(SYS_mlockall, MCL_ONFAULT, 0, 0), -EINVAL);
    check_eq("mlockall unknown flag", call(SYS_mlockall, MCL_CURRENT | 8, 0, 0), -EINVAL);
    check_eq("mlockall MCL_CURRENT", call(SYS_mlockall, MCL_CURRENT, 0, 0), 0);
    check_eq("MCL_CURRENT faulted the mapping in", resident(m), 0xf);
    check_eq("mlockall MCL_FUTURE", call(SYS_mlockall, MCL_FUTURE, 0, 0), 0);
    volatile unsigned char *f = map();
    check_eq("MCL_FUTURE: a new mapping is faulted in", resident(f), 0xf);
    check_eq("mlockall MCL_FUTURE|MCL_ONFAULT", call(SYS_mlockall, MCL_FUTURE | MCL_ONFAULT, 0, 0),
             0);
    volatile unsigned char *o = map();
    check_eq("MCL_ONFAULT: a new mapping is not", resident(o), 0);
    check_eq("munlockall", call(SYS_munlockall, 0, 0, 0), 0);
    check_eq("unlocked: MADV_DONTNEED works", call(SYS_madvise, (long)f, PAGE_SIZE, MADV_DONTNEED),
             0);
    volatile unsigned char *n = map();
    check_eq("after munlockall a new mapping is not faulted in", resident(n), 0);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)f, PAGES * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)o, PAGES * PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap((void *)n, PAGES * PAGE_SIZE), 0);
    return 0;
}
