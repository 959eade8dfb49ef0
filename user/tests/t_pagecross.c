/* Writes that cross page boundaries: byte runs straddling every boundary of an mmap'ed region,
 * and whole malloc blocks of sizes that span pages, all read back. */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

#define REGION_PAGES 6
#define STRADDLE 64     /* bytes written on each side of a boundary */

static unsigned char pattern(unsigned long i, unsigned seed)
{
    return (unsigned char)(i * 131 + seed * 17 + (i >> 8));
}

static void fill(unsigned char *p, unsigned long n, unsigned seed)
{
    for (unsigned long i = 0; i < n; i++)
        p[i] = pattern(i, seed);
}

static void verify(const char *what, const unsigned char *p, unsigned long n, unsigned seed)
{
    for (unsigned long i = 0; i < n; i++)
        check_eq(what, p[i], pattern(i, seed));
}

static void region_boundaries(void)
{
    unsigned long length = REGION_PAGES * PAGE_SIZE;
    unsigned char *region = map_anon(length);

    for (unsigned long page = 1; page < REGION_PAGES; page++)
        fill(region + page * PAGE_SIZE - STRADDLE, 2 * STRADDLE, (unsigned)page);
    for (unsigned long page = 1; page < REGION_PAGES; page++)
        verify("bytes straddling a page boundary of an mmap region",
               region + page * PAGE_SIZE - STRADDLE, 2 * STRADDLE, (unsigned)page);

    /* Bytes next to the straddles were never written: still zero. */
    check_eq("untouched byte of a touched page", region[PAGE_SIZE + STRADDLE], 0);
    check_eq("untouched first byte", region[0], 0);

    fill(region, length, 99);
    verify("whole mmap region", region, length, 99);
    check_eq("munmap of the region", sys_munmap(region, length), 0);
}

static void malloc_blocks(void)
{
    static const unsigned long sizes[] = { 4000, 4097, 5000, 8191, 10000, 70000, 131072, 200000 };
    enum { COUNT = sizeof(sizes) / sizeof(sizes[0]) };
    unsigned char *blocks[COUNT];

    for (unsigned i = 0; i < COUNT; i++) {
        blocks[i] = malloc(sizes[i]);
        check_true("malloc of a multi-page block", blocks[i] != NULL, (long)sizes[i]);
        fill(blocks[i], sizes[i], i);
    }
    for (unsigned i = 0; i < COUNT; i++)
        verify("malloc block spanning pages", blocks[i], sizes[i], i);
    for (unsigned i = 0; i < COUNT; i++)
        free(blocks[i]);
}

int main(void)
{
    region_boundaries();
    malloc_blocks();
    return 0;
}
