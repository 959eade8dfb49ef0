/* Share counts of user pages: how many *extra* holders a page has (0 = one owner). The
 * holders are the address spaces mapping it (fork shares private pages copy-on-write)
 * and, for MAP_SHARED memory, the object it belongs to (mm/vmobj.h); a page is freed when
 * its last holder lets go. Starting from 0 means fresh pages need no bookkeeping. */
#ifndef MM_PAGEREF_H
#define MM_PAGEREF_H
#include <stdint.h>
#include "mm/page.h"

int pageref_init(struct pmm *pmm);
/* Records one more holder of pa; -ENOMEM if the bookkeeping cannot grow. */
int pageref_share(uint64_t pa);
/* Drops one holder of pa: returns 1 if it was the last one (the caller frees the page). */
int pageref_drop(uint64_t pa);
/* pageref_drop, then frees the page if that was its last holder. */
static inline void pageref_put(uint64_t pa)
{
	if (pageref_drop(pa))
		page_free(pa);
}

/* 1 if pa has more than one holder. */
int pageref_shared(uint64_t pa);
/* How many holders pa has (1 for a page nobody shares): /proc/PID/smaps's Pss. */
uint32_t pageref_holders(uint64_t pa);

/* Counting many pages under one hold of the lock, for the loops over a whole leaf table
 * (fork's copy, the teardown at exit): begin, any number of share/drop calls (same
 * results as pageref_share and pageref_drop), end. Nothing else may be locked in
 * between but what pageref_lock allows inside it (docs/locking.md: page_free does). */
struct ref_chunk;
struct pageref_batch {
	unsigned long irq;
	uint64_t start, span;   /* the RAM the chunk slot below covers (span 0: none yet) */
	struct ref_chunk **slot;
};

void pageref_batch_begin(struct pageref_batch *b);
int pageref_batch_share(struct pageref_batch *b, uint64_t pa);
int pageref_batch_drop(struct pageref_batch *b, uint64_t pa);
void pageref_batch_end(struct pageref_batch *b);

#endif
