/* MAP_SHARED anonymous memory is one set of pages for every process that maps it, touched
 * before fork or not: writes on either side show on the other, munmap in one process leaves
 * the others' view alone, and partial munmap/mprotect keep every page at its offset. The
 * runner's leak check sees the pages come back once the last process lets go. */
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define PAGES 8
#define RW (PROT_READ | PROT_WRITE)
#define WAIT_MS 3000

/* Pages nobody has touched yet: testlib's map_shared zeroes (touches) them. */
static volatile unsigned char *map_untouched(void)
{
    long addr = sys_mmap(NULL, PAGES * PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check_true("mmap MAP_SHARED", addr > 0, addr);
    return (volatile unsigned char *)addr;
}

static volatile unsigned char *page(volatile unsigned char *base, int n)
{
    return base + n * PAGE_SIZE;
}

/* Waits for another process's write to show. */
static void wait_for(const char *what, volatile unsigned char *p, unsigned char value)
{
    for (int ms = 0; *p != value; ms++) {
        check_true(what, ms < WAIT_MS, *p);
        sleep_ms(1);
    }
}

static void wait_child(const char *what, long pid)
{
    int status = 0;
    check_true("fork", pid > 0, pid);
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with(what, status, 0);
}

/* Pages nobody touched before fork: each side writes some and reads the other's. */
static void untouched_pages_are_shared(void)
{
    volatile unsigned char *m = map_untouched();
    page(m, 0)[0] = 0x10;   /* one page present at fork, the rest not */

    long pid = fork();
    if (pid == 0) {
        page(m, 1)[5] = 0xc1;
        page(m, 7)[PAGE_SIZE - 1] = 0xc7;
        wait_for("child sees the parent's write to an untouched page", page(m, 2), 0xa2);
        check_eq("child sees the parent's write to the page touched before fork",
                 page(m, 0)[0], 0xa0);
        sys_exit(0);
    }
    page(m, 0)[0] = 0xa0;
    page(m, 2)[0] = 0xa2;
    wait_for("parent sees the child's write to an untouched page", page(m, 7) + PAGE_SIZE - 1,
             0xc7);
    wait_child("child sharing untouched pages", pid);
    check_eq("parent sees the child's other write", page(m, 1)[5], 0xc1);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

/* The child writes and unmaps everything; the parent keeps the pages and the writes. */
static void munmap_in_one_process(void)
{
    volatile unsigned char *m = map_untouched();

    long pid = fork();
    if (pid == 0) {
        page(m, 3)[0] = 0x33;
        check_eq("child munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
        sys_exit(0);
    }
    wait_child("child writing then unmapping", pid);
    check_eq("parent keeps the child's write after the child's munmap", page(m, 3)[0], 0x33);
    page(m, 4)[0] = 0x44;
    check_eq("parent still writes its mapping", page(m, 4)[0], 0x44);

    /* The parent lets go first now; the child keeps its view. */
    pid = fork();
    if (pid == 0) {
        wait_for("child's view survives the parent's munmap", page(m, 6), 0x66);
        check_eq("child still sees older writes", page(m, 3)[0], 0x33);
        page(m, 5)[0] = 0x55;
        check_eq("child writes after the parent's munmap", page(m, 5)[0], 0x55);
        sys_exit(0);
    }
    page(m, 6)[0] = 0x66;
    check_eq("parent munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
    wait_child("child using the pages after the parent's munmap", pid);
}

/* Holes and protection changes split the range; every piece still maps its own offsets. */
static void partial_munmap_and_mprotect(void)
{
    volatile unsigned char *m = map_untouched();

    long pid = fork();
    if (pid == 0) {
        check_eq("child munmap of the first page", sys_munmap((void *)m, PAGE_SIZE), 0);
        check_eq("child munmap of page 5", sys_munmap((void *)page(m, 5), PAGE_SIZE), 0);
        check_eq("child mprotect of pages 2-3",
                 sys_mprotect((void *)page(m, 2), 2 * PAGE_SIZE, PROT_READ), 0);
        for (int n = 1; n < PAGES; n++)
            if (n != 2 && n != 3 && n != 5)
                page(m, n)[n] = (unsigned char)(0xc0 + n);
        wait_for("child reads page 3 at its offset", page(m, 3) + 3, 0xa3);
        check_eq("child reads page 2 at its offset", page(m, 2)[2], 0xa2);
        sys_exit(0);
    }
    page(m, 2)[2] = 0xa2;
    page(m, 3)[3] = 0xa3;
    wait_child("child with holes and read-only pages", pid);
    for (int n = 1; n < PAGES; n++)
        if (n != 2 && n != 3 && n != 5)
            check_eq("parent reads the child's write at the same offset", page(m, n)[n],
                     0xc0 + n);
    check_eq("page the child unmapped is untouched", page(m, 5)[5], 0);

    /* The same in the parent: a middle piece unmapped, the rest read through new pieces. */
    check_eq("parent munmap of pages 3-4", sys_munmap((void *)page(m, 3), 2 * PAGE_SIZE), 0);
    check_eq("parent mprotect of page 6", sys_mprotect((void *)page(m, 6), PAGE_SIZE, PROT_READ),
             0);
    check_eq("page 6 after the split", page(m, 6)[6], 0xc6);
    check_eq("page 7 after the split", page(m, 7)[7], 0xc7);
    check_eq("munmap of the rest", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

/* A grandchild shares the same pages: fork copies the sharing, not the pages. */
static void grandchild_shares(void)
{
    volatile unsigned char *m = map_untouched();

    long pid = fork();
    if (pid == 0) {
        long grandchild = fork();
        if (grandchild == 0) {
            page(m, 6)[1] = 0x61;
            sys_exit(0);
        }
        wait_child("grandchild writing", grandchild);
        sys_exit(0);
    }
    wait_child("child waiting for its child", pid);
    check_eq("parent sees the grandchild's write", page(m, 6)[1], 0x61);
    check_eq("munmap", sys_munmap((void *)m, PAGES * PAGE_SIZE), 0);
}

/* Separate MAP_SHARED mappings are separate memory, even when they end up adjacent. */
static void separate_mappings_stay_separate(void)
{
    /* Room for both, found first: whatever lies above a lone mapping (the sigreturn
     * page, another mapping) is not ours to assume free. */
    long room = sys_mmap(NULL, 2 * PAGES * PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);
    check_true("mmap room for two", room > 0, room);
    check_eq("munmap the room", sys_munmap((void *)room, 2 * PAGES * PAGE_SIZE), 0);
    volatile unsigned char *a = (volatile unsigned char *)sys_mmap((void *)room,
            PAGES * PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check_eq("first mapping at the room's start", (long)a, room);
    long addr = sys_mmap((void *)(a + PAGES * PAGE_SIZE), PAGES * PAGE_SIZE, RW,
                         MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check_eq("second mapping right after the first", addr, (long)(a + PAGES * PAGE_SIZE));
    volatile unsigned char *b = (volatile unsigned char *)addr;

    long pid = fork();
    if (pid == 0) {
        page(b, 0)[0] = 0xb0;
        page(a, 7)[0] = 0xa7;
        sys_exit(0);
    }
    wait_child("child writing both mappings", pid);
    check_eq("first mapping's last page", page(a, 7)[0], 0xa7);
    check_eq("second mapping's first page", page(b, 0)[0], 0xb0);
    check_eq("munmap both", sys_munmap((void *)a, 2 * PAGES * PAGE_SIZE), 0);
}

int main(void)
{
    untouched_pages_are_shared();
    munmap_in_one_process();
    partial_munmap_and_mprotect();
    grandchild_shares();
    separate_mappings_stay_separate();
    return 0;
}
