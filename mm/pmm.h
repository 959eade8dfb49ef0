/* Physical page allocator: a bitmap over every usable RAM region.
 *
 * Pure logic: it never touches RAM except its own metadata, which the caller places
 * (pmm_meta_bytes() says how much) and which pmm_init() reserves. Host unit tests
 * drive it with simulated memory. All functions take the allocator's lock, a plain
 * spinlock: no interrupt handler allocates or frees pages. */
#ifndef MM_PMM_H
#define MM_PMM_H
#include <stddef.h>
#include <stdint.h>
#include "kernel/spinlock.h"
#include "mm/pmm_cache.h"

#define PMM_MAX_REGIONS 16

struct phys_range {
	uint64_t base;
	uint64_t size;
};

/* Levels of free-page bitmaps per region: level 0 has a bit per page, each level above a
 * bit per word of the one below (set = that word has a free page), up to a single word.
 * Six levels cover 64^6 pages (256 TiB) per region. */
#define PMM_MAX_LEVELS 6

/* One RAM region: pages [base, base + npages * PAGE_SIZE). Implementation-defined fields. */
struct pmm_region {
	uint64_t base;
	uint64_t npages;
	uint64_t *reserved_bits;            /* bit set = never handed out, never freeable */
	uint64_t *free_map[PMM_MAX_LEVELS]; /* [0]: bit set = page free; above: summaries */
	uint64_t nwords[PMM_MAX_LEVELS];    /* words in each level; the top level has one */
	int nlevels;
	uint64_t hint_word;                 /* a page bitmap word that likely has a free page */
};

struct pmm {
	/* The fields pmm_alloc and pmm_free use come first (short offsets). */
	struct spinlock lock;
	uint64_t free_pages;
	struct pmm_region *alloc_hint;   /* region pmm_alloc() tries first */
	int nregions;
	uint64_t total_pages;    /* managed pages, reserved ones included */
	uint64_t reserved_pages;
	struct pmm_region region[PMM_MAX_REGIONS];
	struct pmm_cache *cache[PMM_MAX_CACHES];   /* counted by pmm_free_count */
	int ncaches;
};

/* Bytes of metadata pmm_init() needs for these RAM regions (a multiple of PAGE_SIZE). */
size_t pmm_meta_bytes(const struct phys_range *ram, int nram);

/* Sets up the allocator over the RAM regions (page-aligned inward; overlapping or
 * more than PMM_MAX_REGIONS regions is an error). meta is a pointer the allocator can
 * write through to reach meta_bytes of metadata that live at physical meta_pa; that
 * physical range is reserved. All pages start free except that one.
 * Returns 0 or a negative errno. */
int pmm_init(struct pmm *pmm, const struct phys_range *ram, int nram,
	     void *meta, uint64_t meta_pa, size_t meta_bytes);

/* Marks [base, base+size) reserved, rounding base down and the end up to pages.
 * Parts outside managed RAM are ignored. Reserving twice is fine. */
void pmm_reserve(struct pmm *pmm, uint64_t base, uint64_t size);

/* Gives a reserved range back to the allocator as free pages (e.g. boot page tables). */
void pmm_unreserve(struct pmm *pmm, uint64_t base, uint64_t size);

/* Hands a reserved range over as allocated pages (not free): whoever holds them frees
 * them page by page (the initrd's pages that files keep, fs/boot.c). */
void pmm_unreserve_in_use(struct pmm *pmm, uint64_t base, uint64_t size);

/* One page; returns its physical address, or 0 when none is left. Never returns a
 * reserved, allocated or out-of-RAM page. Cost does not grow with RAM size or use. */
uint64_t pmm_alloc(struct pmm *pmm);

/* npages physically contiguous pages starting at a multiple of align_pages pages
 * (a power of two); returns the first page's address, or 0. */
uint64_t pmm_alloc_contig(struct pmm *pmm, size_t npages, size_t align_pages);

/* Frees one page. A double free, an unaligned address, a page outside managed RAM or
 * a reserved page is reported through printk with the address and `caller`, changes
 * nothing, and returns -EINVAL. Returns 0 on success. */
int pmm_free_page(struct pmm *pmm, uint64_t pa, const void *caller);
#define pmm_free(pmm, pa) pmm_free_page((pmm), (pa), __builtin_return_address(0))

/* Frees npages pages starting at pa (each checked as pmm_free_page does). */
int pmm_free_contig(struct pmm *pmm, uint64_t pa, size_t npages, const void *caller);

/* Registers a cache (once per hart, before its first use): 0, or -ENOMEM when
 * PMM_MAX_CACHES are registered. */
int pmm_add_cache(struct pmm *pmm, struct pmm_cache *c);
uint64_t pmm_refill_and_alloc(struct pmm *pmm, struct pmm_cache *c);
/* One page through cache c: from it, else after moving a batch into it. */
static inline uint64_t pmm_alloc_cached(struct pmm *pmm, struct pmm_cache *c)
{
	return c->n ? c->page[--c->n] : pmm_refill_and_alloc(pmm, c);
}
/* Frees one page into cache c (checked as pmm_free_page does, see pmm.c), moving a batch
 * back first when it is full. */
int pmm_free_cached(struct pmm *pmm, struct pmm_cache *c, uint64_t pa, const void *caller);
/* Frees n pages under one taking of the lock (the TLB gather's batches), each checked as
 * pmm_free_page does; the first bad one is reported, the others still freed. */
int pmm_free_batch(struct pmm *pmm, const uint64_t *pa, size_t n, const void *caller);
/* Gives every page of c back. */
void pmm_drain_cache(struct pmm *pmm, struct pmm_cache *c);

/* Free pages, those in caches included. */
uint64_t pmm_free_count(struct pmm *pmm);
/* Of those, the ones in caches. */
uint64_t pmm_cached_count(struct pmm *pmm);
uint64_t pmm_total_count(struct pmm *pmm);

#ifdef HOST_TEST
/* For the host tests only: 1 if pa lies in managed RAM and is reserved / allocated. */
int pmm_is_reserved(struct pmm *pmm, uint64_t pa);
int pmm_is_allocated(struct pmm *pmm, uint64_t pa);
#endif

/* Finds a page-aligned physical range of `bytes` inside RAM that overlaps none of the
 * `avoid` ranges (used to place the metadata before the allocator exists). Prefers
 * the lowest address. Returns 0 if there is none. */
uint64_t pmm_find_space(const struct phys_range *ram, int nram,
			const struct phys_range *avoid, int navoid, size_t bytes);

#endif
