/* The kernel's page allocator instance and page helpers built on it. */
#ifndef MM_PAGE_H
#define MM_PAGE_H
#include <stdint.h>
#include "mm/pagetable.h"
#include "mm/pmm.h"

extern struct pmm kernel_pmm;
/* Page tables reached through the direct map, table pages from kernel_pmm. */
extern const struct pt_env kernel_pt_env;

/* A page, zero-filled; 0 when out of memory. */
uint64_t page_alloc_zeroed(void);
#ifdef HOST_TEST
static inline uint64_t page_alloc(void) { return pmm_alloc(&kernel_pmm); }
#define page_free(pa) pmm_free(&kernel_pmm, (pa))
static inline void page_free_batch(const uint64_t *pa, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pmm_free(&kernel_pmm, pa[i]);
}
#else
/* Through this hart's cache (mm/pmm.h), so that harts faulting at once rarely meet on the
 * allocator's lock. */
#include "kernel/cpu.h"
static inline uint64_t page_alloc(void)
{
	return pmm_alloc_cached(&kernel_pmm, &this_cpu()->page_cache);
}
#define page_free(pa) \
	pmm_free_cached(&kernel_pmm, &this_cpu()->page_cache, (pa), __builtin_return_address(0))
/* Many pages at once (the TLB gather): straight to the allocator, one lock per batch. */
#define page_free_batch(pa, n) pmm_free_batch(&kernel_pmm, (pa), (n), __builtin_return_address(0))
/* A hart about to idle gives its cached pages back: no other hart can take pages from
 * this cache, so a process short of memory on a busy hart would otherwise fail while
 * idle harts sit on up to PMM_CACHE_PAGES each (kernel/sched.c). */
static inline void page_cache_drain(void)
{
	if (this_cpu()->page_cache.n)
		pmm_drain_cache(&kernel_pmm, &this_cpu()->page_cache);
}
#endif

/* Fills a 4 KiB page with zeros (mm/zero_page.S: the demand-zero fault's hot path). */
void zero_page(void *va);
/* Copies a 4 KiB page (mm/copy_page.S: the copy-on-write fault's). */
void copy_page(void *dst, const void *src);

#endif
