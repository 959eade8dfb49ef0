/* File benchmarks on files already in memory (the root file system is in RAM on both
 * kernels: our ramfs, Linux's initramfs rootfs):
 *   read_4k          pread64 of the first 4 KiB page of a file: per call
 *   file_mmap_fault  a read of each page of a MAP_SHARED mapping of a MAP_PAGES-page file
 *                    whose pages are in memory (no zeroing, no copy): per page touched.
 *                    Linux maps up to 16 neighbouring pages per read fault ("fault-around",
 *                    mm/memory.c do_fault_around), so it takes fewer faults than pages.
 *   open_close       openat + close of /tmp/bench_file (two path components): per pair
 *   stat             newfstatat of the same path: per call */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "bench.h"

#define READS 10000
#define MAP_PAGES 256
#define MAP_ROUNDS 16
#define OPENS 10000
#define STATS 10000

static const char path[] = "/tmp/bench_file";
static char page[PAGE_SIZE];

/* The file holds MAP_PAGES pages, written through write(): every page is in memory. */
static int make_file(void)
{
    long fd = sys_openat(AT_FDCWD, path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        bench_fail("open", fd);
    for (int i = 0; i < MAP_PAGES; i++) {
        page[0] = (char)i;
        long n = sys_write((int)fd, page, PAGE_SIZE);
        if (n != (long)PAGE_SIZE)
            bench_fail("write", n);
    }
    return (int)fd;
}

static void bench_read(int fd)
{
    unsigned long start = instret();
    for (int i = 0; i < READS; i++) {
        long n = sys_pread64(fd, page, PAGE_SIZE, 0);
        if (n != (long)PAGE_SIZE)
            bench_fail("pread64", n);
    }
    bench_report("read_4k", instret() - start, READS);
}

static void bench_file_fault(int fd)
{
    unsigned long total = 0;
    for (int round = 0; round < MAP_ROUNDS; round++) {
        long addr = sys_mmap(NULL, MAP_PAGES * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
        if (addr < 0)
            bench_fail("mmap file", addr);
        const volatile char *base = (const volatile char *)addr;
        unsigned long start = instret();
        for (unsigned long i = 0; i < MAP_PAGES; i++)
            if (base[i * PAGE_SIZE] != (char)i)
                bench_fail("file page contents", (long)i);
        total += instret() - start;
        long err = sys_munmap((void *)addr, MAP_PAGES * PAGE_SIZE);
        if (err)
            bench_fail("munmap", err);
    }
    bench_report("file_mmap_fault", total, MAP_ROUNDS * MAP_PAGES);
}

static void bench_open_close(void)
{
    unsigned long start = instret();
    for (int i = 0; i < OPENS; i++) {
        long fd = sys_openat(AT_FDCWD, path, O_RDONLY, 0);
        if (fd < 0)
            bench_fail("open", fd);
        sys_close((int)fd);
    }
    bench_report("open_close", instret() - start, OPENS);
}

static void bench_stat(void)
{
    struct stat st;
    unsigned long start = instret();
    for (int i = 0; i < STATS; i++) {
        long err = sys_newfstatat(AT_FDCWD, path, &st, 0);
        if (err)
            bench_fail("stat", err);
    }
    bench_report("stat", instret() - start, STATS);
}

int main(void)
{
    int fd = make_file();
    bench_read(fd);
    bench_file_fault(fd);
    bench_open_close();
    bench_stat();
    sys_close(fd);
    return bench_finish();
}
