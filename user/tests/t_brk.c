/* brk semantics as Linux implements them (mm/mmap.c, SYSCALL_DEFINE1(brk)): brk(0) reports
 * the break; a request is granted exactly, even unaligned; new memory is zero; a request that
 * cannot be met returns the old break. */
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

static unsigned long page_up(unsigned long addr)
{
    return (addr + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

int main(void)
{
    long start = sys_brk(0);
    check_true("brk(0) gives the current break", start > 0, start);
    check_eq("brk(0) twice", sys_brk(0), start);

    unsigned long grown = (unsigned long)start + 3 * PAGE_SIZE + 123;
    check_eq("growing by an unaligned amount", sys_brk(grown), (long)grown);
    check_eq("brk(0) after growing", sys_brk(0), (long)grown);

    unsigned char *heap = (unsigned char *)start;
    unsigned long size = grown - (unsigned long)start;
    for (unsigned long i = 0; i < size; i++)
        check_eq("new break memory reads zero", heap[i], 0);
    for (unsigned long i = 0; i < size; i++)
        heap[i] = (unsigned char)(i * 7);
    for (unsigned long i = 0; i < size; i++)
        check_eq("new break memory usable", heap[i], (unsigned char)(i * 7));

    /* Shrinking gives the pages above the new break back; growing again brings fresh ones. */
    unsigned long shrunk = (unsigned long)start + 100;
    unsigned char *released = (unsigned char *)page_up(shrunk);
    *released = 0xaa;
    check_eq("shrinking", sys_brk(shrunk), (long)shrunk);
    check_eq("brk(0) after shrinking", sys_brk(0), (long)shrunk);
    check_eq("memory below the shrunk break kept", heap[99], (unsigned char)(99 * 7));
    check_eq("growing again", sys_brk(grown), (long)grown);
    check_eq("released page comes back zero", *released, 0);

    check_eq("a huge request returns the old break", sys_brk(grown + (1UL << 45)), (long)grown);
    check_eq("brk(0) after a failed request", sys_brk(0), (long)grown);
    check_eq("shrinking back to the start", sys_brk((unsigned long)start), start);
    return 0;
}
