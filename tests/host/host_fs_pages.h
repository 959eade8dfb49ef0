/* Pages and a kernel heap for the file-system host tests (test_fs, test_initramfs): pages
 * come from aligned_alloc, filled with garbage unless asked for zeroed ones, and are
 * counted, so a test can check that every page it made came back. */
#ifndef TESTS_HOST_HOST_FS_PAGES_H
#define TESTS_HOST_HOST_FS_PAGES_H
#include "mm/kmalloc.h"

extern long pages_out;     /* pages handed out and not yet freed */
extern long page_budget;   /* pages left to hand out; -1: no limit */

/* Pages in [foreign_first, foreign_end) were not allocated here (an archive's pages that
 * files keep): freeing one only counts it in foreign_freed, not in pages_out. */
extern const char *foreign_first, *foreign_end;
extern long foreign_freed;

void *host_fs_page_alloc(int zeroed);
void host_fs_page_free(void *p);
extern const struct kheap_source host_fs_heap;

#endif
