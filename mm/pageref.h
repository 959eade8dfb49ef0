/* Share counts of user pages: how many *extra* address spaces map a page (0 = one owner).
 * fork shares every page (copy-on-write for writable ones); a page is freed when its
 * last mapping goes. Starting from 0 means fresh pages need no bookkeeping. */
#ifndef MM_PAGEREF_H
#define MM_PAGEREF_H
#include <stdint.h>
#include "mm/pmm.h"

int pageref_init(struct pmm *pmm);
/* Records one more mapping of pa; -ENOMEM if the bookkeeping cannot grow. */
int pageref_share(uint64_t pa);
/* Drops one mapping of pa: returns 1 if it was the last one (the caller frees the page). */
int pageref_drop(uint64_t pa);
/* 1 if more than one address space maps pa. */
int pageref_shared(uint64_t pa);

#endif
