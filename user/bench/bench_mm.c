/* Memory benchmarks, per page, for N = 256, 4096 and 65536 pages (65536 pages are 256 MiB,
 * and the copy-on-write run holds two copies; tools/bench.py boots -m 2G):
 *   fault_zero/N      a write to each page of a fresh anonymous mapping (demand-zero fault)
 *   munmap/N          munmap of those N touched pages
 *   fork_exit_wait/N  fork of this process with N touched pages, the child exiting at once,
 *                     and the parent's wait4 (copy-on-write set-up and teardown)
 *   cow_fault/N       the child writing each of the N pages it shares with the parent
 * and in total: mmap_munmap_1g, mmap and munmap of an untouched 1 GiB range, the cheapest
 * of GIGABYTE_TRIES: a measurement this short moves by a whole timer tick's handling
 * when a tick lands in it, which a change elsewhere in the build can bring about. */
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static char *map_pages(unsigned long npages)
{
    long addr = sys_mmap(NULL, npages * PAGE_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (addr < 0)
        bench_fail("mmap", addr);
    return (char *)addr;
}

/* One write per page; volatile, so that every store (and so every fault) happens. */
static void touch_pages(char *base, unsigned long npages)
{
    for (unsigned long i = 0; i < npages; i++)
        ((volatile char *)base)[i * PAGE_SIZE] = 1;
}

static void unmap_pages(char *base, unsigned long npages)
{
    long err = sys_munmap(base, npages * PAGE_SIZE);
    if (err)
        bench_fail("munmap", err);
}

static void report_n(const char *what, unsigned long npages, unsigned long instructions)
{
    char name[48];
    snprintf(name, sizeof(name), "%s/%lu", what, npages);
    bench_report(name, instructions, npages);
}

static void wait_for_success(long pid)
{
    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail("child", got < 0 ? got : status);
}

static void bench_fault_and_unmap(unsigned long npages)
{
    char *base = map_pages(npages);
    unsigned long start = instret();
    touch_pages(base, npages);
    unsigned long touched = instret();
    unmap_pages(base, npages);
    unsigned long unmapped = instret();

    report_n("fault_zero", npages, touched - start);
    report_n("munmap", npages, unmapped - touched);
}

static void bench_fork_and_cow(unsigned long npages)
{
    char *base = map_pages(npages);
    touch_pages(base, npages);

    unsigned long start = instret();
    long pid = fork();
    if (pid == 0)
        sys_exit(0);
    if (pid < 0)
        bench_fail("fork", pid);
    wait_for_success(pid);
    report_n("fork_exit_wait", npages, instret() - start);

    /* The parent keeps its references while it waits, so each write of the child copies. */
    pid = fork();
    if (pid == 0) {
        unsigned long cow_start = instret();
        touch_pages(base, npages);
        report_n("cow_fault", npages, instret() - cow_start);
        sys_exit(0);
    }
    if (pid < 0)
        bench_fail("fork", pid);
    wait_for_success(pid);
    unmap_pages(base, npages);
}

#define GIGABYTE_TRIES 9

static void bench_untouched_gigabyte(void)
{
    unsigned long npages = (1UL << 30) / PAGE_SIZE;
    unsigned long cheapest = ~0UL;
    for (int i = 0; i < GIGABYTE_TRIES; i++) {
        unsigned long start = instret();
        char *base = map_pages(npages);
        unmap_pages(base, npages);
        unsigned long spent = instret() - start;
        if (spent < cheapest)
            cheapest = spent;
    }
    bench_report("mmap_munmap_1g", cheapest, 1);
}

int main(void)
{
    static const unsigned long sizes[] = { 256, 4096, 65536 };

    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        bench_fault_and_unmap(sizes[i]);
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        bench_fork_and_cow(sizes[i]);
    bench_untouched_gigabyte();
    return bench_finish();
}
