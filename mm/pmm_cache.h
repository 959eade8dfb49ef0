/* A hart's cache of free pages (Linux's per-cpu page lists): allocations and frees on one
 * hart take no lock until the cache runs empty or full, then move PMM_CACHE_BATCH pages
 * under the pmm's lock (mm/pmm.h). Only its hart touches it, with interrupts off (no
 * interrupt handler allocates pages). Cached pages are allocated in the bitmaps but
 * counted free. Apart from mm/pmm.h because struct cpu holds one. */
#ifndef MM_PMM_CACHE_H
#define MM_PMM_CACHE_H
#include <stdint.h>

#define PMM_CACHE_PAGES 16
#define PMM_CACHE_BATCH 8
#define PMM_MAX_CACHES 64

struct pmm_cache {
	uint64_t n;
	/* Bit (page number % 64) set for every page in page[] (and maybe for pages gone
	 * since): a free whose bit is clear cannot be a double free of a cached page, so only
	 * the others search page[]. */
	uint64_t filter;
	uint64_t page[PMM_CACHE_PAGES];
};

#endif
