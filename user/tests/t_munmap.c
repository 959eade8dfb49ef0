/* munmap and mprotect semantics and errors, as Linux defines them (man 2 munmap, mprotect). */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

#define PAGES 8

static unsigned char *region;

static unsigned char page_byte(unsigned long page, unsigned long i)
{
    return (unsigned char)(page * 29 + i * 3 + 1);
}

static void check_page(const char *what, unsigned long page)
{
    for (unsigned long i = 0; i < PAGE_SIZE; i++)
        check_eq(what, region[page * PAGE_SIZE + i], page_byte(page, i));
}

static void read_page_3(void)
{
    (void)*(volatile unsigned char *)(region + 3 * PAGE_SIZE);
}

static void write_page_1(void)
{
    *(volatile unsigned char *)(region + PAGE_SIZE) = 0;
}

/* munmap of the middle pages 3 and 4 splits the mapping: the rest keeps its data. */
static void split(void)
{
    for (unsigned long page = 0; page < PAGES; page++)
        for (unsigned long i = 0; i < PAGE_SIZE; i++)
            region[page * PAGE_SIZE + i] = page_byte(page, i);

    check_eq("munmap of a middle range", sys_munmap(region + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
    for (unsigned long page = 0; page < PAGES; page++)
        if (page != 3 && page != 4)
            check_page("page outside the hole keeps its data", page);
    expect_killed_by("touching the unmapped hole", read_page_3, SIGSEGV);
}

static void munmap_errors(void)
{
    check_eq("munmap of an unaligned address", sys_munmap(region + 1, PAGE_SIZE), -EINVAL);
    check_eq("munmap of length 0", sys_munmap(region, 0), -EINVAL);
    check_eq("munmap of an unmapped range", sys_munmap(region + 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
    check_page("page 0 survives the failed munmaps", 0);
}

static void protections(void)
{
    check_eq("mprotect of a sub-range to read-only",
             sys_mprotect(region + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
    check_page("read-only page still readable", 1);
    expect_killed_by("writing a read-only page", write_page_1, SIGSEGV);
    region[0] = page_byte(0, 0);
    region[2 * PAGE_SIZE] = page_byte(2, 0);
    check_page("neighbour of a read-only page", 0);
    check_page("neighbour of a read-only page", 2);

    check_eq("mprotect to PROT_NONE", sys_mprotect(region + 5 * PAGE_SIZE, 2 * PAGE_SIZE,
             PROT_NONE), 0);
    check_eq("mprotect back to read-write", sys_mprotect(region + 5 * PAGE_SIZE, 2 * PAGE_SIZE,
             PROT_READ | PROT_WRITE), 0);
    check_page("data kept through PROT_NONE", 5);
    check_page("data kept through PROT_NONE", 6);

    check_eq("mprotect of an unmapped range",
             sys_mprotect(region + 3 * PAGE_SIZE, PAGE_SIZE, PROT_READ), -ENOMEM);
    check_eq("mprotect of a range running into the hole",
             sys_mprotect(region + 2 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ), -ENOMEM);
}

int main(void)
{
    region = map_anon(PAGES * PAGE_SIZE);
    split();
    munmap_errors();
    protections();
    check_eq("munmap of the whole range, hole included",
             sys_munmap(region, PAGES * PAGE_SIZE), 0);
    return 0;
}
