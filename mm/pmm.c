/* Physical page allocator: per RAM region, a bitmap with a bit per page (set = free) and
 * summary levels above it, each bit saying "this word of the level below has a free page".
 * Finding a free page walks down from the region's single top word: O(levels), whatever
 * the RAM size or how full it is. Usually not even that: each region keeps a hint word
 * (the last one freed into or found), and a pmm keeps the region to try first. A second
 * bitmap marks reserved pages, so a free of a page the allocator never handed out is told
 * apart from a double free. */
#include <string.h>
#include "lib/bitops.h"
#include "mm/pmm.h"
#include "mm/memlayout.h"
#include "abi/errno.h"
#include "kernel/printk.h"

#define BITS_PER_WORD 64

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t div_round_up(uint64_t n, uint64_t d) { return n / d + (n % d != 0); }
static uint64_t bit(uint64_t index) { return 1UL << (index % BITS_PER_WORD); }
/* The bits of a word at and above the position of bit `index`. */
static uint64_t bits_from(uint64_t index) { return ~0UL << (index % BITS_PER_WORD); }

/* Number of set bits. Written out rather than __builtin_popcountl, which on base RV64
 * becomes a libgcc call; the link picks the wrong libgcc multilib for -march strings with
 * _zicsr_zifencei (GCC 12), so the kernel must not need libgcc here. */
static unsigned count_set_bits(uint64_t w)
{
	w -= (w >> 1) & 0x5555555555555555UL;
	w = (w & 0x3333333333333333UL) + ((w >> 2) & 0x3333333333333333UL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (unsigned)((w * 0x0101010101010101UL) >> 56);
}

/* ---- Region geometry and setup ---- */

/* Fills in the words of each bitmap level for a region of npages pages; returns the
 * region's metadata in words (reserved bitmap included), or 0 if it needs more levels
 * than PMM_MAX_LEVELS. */
static uint64_t region_shape(uint64_t npages, uint64_t nwords[PMM_MAX_LEVELS], int *nlevels)
{
	uint64_t bits = npages;
	uint64_t total = div_round_up(npages, BITS_PER_WORD);
	for (int level = 0; level < PMM_MAX_LEVELS; level++) {
		nwords[level] = div_round_up(bits, BITS_PER_WORD);
		total += nwords[level];
		if (nwords[level] == 1) {
			*nlevels = level + 1;
			return total;
		}
		bits = nwords[level];
	}
	return 0;
}

/* The RAM regions, sorted by base, shrunk inward to whole pages, empty ones dropped.
 * Returns how many, or -EINVAL for too many, overlapping or wrapping regions. */
static int usable_ranges(const struct phys_range *ram, int nram,
			 struct phys_range out[PMM_MAX_REGIONS])
{
	struct phys_range sorted[PMM_MAX_REGIONS];
	if (nram < 0 || nram > PMM_MAX_REGIONS)
		return -EINVAL;
	int n_sorted = 0;
	for (int i = 0; i < nram; i++) {
		if (ram[i].size > UINT64_MAX - ram[i].base)
			return -EINVAL;
		if (ram[i].size == 0)
			continue;
		int j = n_sorted++;
		for (; j > 0 && sorted[j - 1].base > ram[i].base; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = ram[i];
	}
	int n = 0;
	for (int i = 0; i < n_sorted; i++) {
		if (i + 1 < n_sorted && sorted[i].base + sorted[i].size > sorted[i + 1].base)
			return -EINVAL;
		uint64_t start = PAGE_ROUND_UP(sorted[i].base);
		uint64_t end = PAGE_ROUND_DOWN(sorted[i].base + sorted[i].size);
		if (start < sorted[i].base || end <= start)
			continue; /* less than a page, or the round-up wrapped past the top */
		out[n].base = start;
		out[n].size = end - start;
		n++;
	}
	return n;
}

size_t pmm_meta_bytes(const struct phys_range *ram, int nram)
{
	struct phys_range usable[PMM_MAX_REGIONS];
	int n = usable_ranges(ram, nram, usable);
	uint64_t words = 0;
	for (int i = 0; i < n; i++) {
		uint64_t nwords[PMM_MAX_LEVELS];
		int nlevels;
		words += region_shape(usable[i].size / PAGE_SIZE, nwords, &nlevels);
	}
	return PAGE_ROUND_UP(words * sizeof(uint64_t));
}

/* Sets the lowest nbits bits of a bitmap of whole words (the rest stay clear). */
static void set_low_bits(uint64_t *words, uint64_t nbits)
{
	memset(words, 0xff, nbits / BITS_PER_WORD * sizeof(uint64_t));
	if (nbits % BITS_PER_WORD)
		words[nbits / BITS_PER_WORD] = bit(nbits) - 1;
}

/* ---- Bitmap updates; the caller holds the lock ---- */

/* Word `word` of the page bitmap just lost its last free page: clear its bit in the
 * summary above, and so on up while that empties a summary word too. */
static void summary_clear(struct pmm_region *r, uint64_t word)
{
	for (int level = 1; level < r->nlevels; level++) {
		uint64_t *summary = &r->free_map[level][word / BITS_PER_WORD];
		*summary &= ~bit(word);
		if (*summary)
			return;
		word /= BITS_PER_WORD;
	}
}

/* Word `word` of the page bitmap just gained a free page: set its bit in the summary
 * above, and so on up while the summary word was empty (if not, the levels above
 * already say it has a free page). */
static void summary_set(struct pmm_region *r, uint64_t word)
{
	for (int level = 1; level < r->nlevels; level++) {
		uint64_t *summary = &r->free_map[level][word / BITS_PER_WORD];
		uint64_t before = *summary;
		*summary = before | bit(word);
		if (before)
			return;
		word /= BITS_PER_WORD;
	}
}

/* After any change to word `word` of the page bitmap, makes the summaries agree. */
static void refresh_summary(struct pmm_region *r, uint64_t word)
{
	if (r->free_map[0][word])
		summary_set(r, word);
	else
		summary_clear(r, word);
}

/* The bits of bitmap word `word` that fall in pages [first, end). */
static uint64_t range_mask(uint64_t word, uint64_t first, uint64_t end)
{
	uint64_t lo = word * BITS_PER_WORD;
	uint64_t mask = ~0UL;
	if (first > lo)
		mask &= ~0UL << (first - lo);
	if (end < lo + BITS_PER_WORD)
		mask &= ~0UL >> (lo + BITS_PER_WORD - end);
	return mask;
}

/* Marks pages [first, end) of r free (free = 1) or in use (free = 0). */
static void set_pages_free(struct pmm_region *r, uint64_t first, uint64_t end, int free)
{
	for (uint64_t w = first / BITS_PER_WORD; w <= (end - 1) / BITS_PER_WORD; w++) {
		uint64_t mask = range_mask(w, first, end);
		if (free)
			r->free_map[0][w] |= mask;
		else
			r->free_map[0][w] &= ~mask;
		refresh_summary(r, w);
	}
}

static void reserve_pages(struct pmm *pmm, struct pmm_region *r, uint64_t first, uint64_t end)
{
	for (uint64_t w = first / BITS_PER_WORD; w <= (end - 1) / BITS_PER_WORD; w++) {
		uint64_t mask = range_mask(w, first, end);
		uint64_t *free = &r->free_map[0][w];
		uint64_t *reserved = &r->reserved_bits[w];
		pmm->free_pages -= count_set_bits(*free & mask);
		pmm->reserved_pages += count_set_bits(mask & ~*reserved);
		*free &= ~mask;
		*reserved |= mask;
		refresh_summary(r, w);
	}
}

static void unreserve_pages(struct pmm *pmm, struct pmm_region *r, uint64_t first, uint64_t end)
{
	for (uint64_t w = first / BITS_PER_WORD; w <= (end - 1) / BITS_PER_WORD; w++) {
		uint64_t mask = range_mask(w, first, end);
		uint64_t *reserved = &r->reserved_bits[w];
		uint64_t released = *reserved & mask;
		pmm->reserved_pages -= count_set_bits(released);
		pmm->free_pages += count_set_bits(released);
		*reserved &= ~released;
		r->free_map[0][w] |= released;
		refresh_summary(r, w);
	}
}

/* Reserved pages become allocated ones: no longer reserved, not free either, so that
 * their holder frees them like any other page. */
static void unreserve_in_use(struct pmm *pmm, struct pmm_region *r, uint64_t first, uint64_t end)
{
	for (uint64_t w = first / BITS_PER_WORD; w <= (end - 1) / BITS_PER_WORD; w++) {
		uint64_t *reserved = &r->reserved_bits[w];
		uint64_t released = *reserved & range_mask(w, first, end);
		pmm->reserved_pages -= count_set_bits(released);
		*reserved &= ~released;
	}
}

typedef void (*range_update)(struct pmm *pmm, struct pmm_region *r, uint64_t first, uint64_t end);

/* Applies a reserve or unreserve to [base, base+size), page-rounded outward, in every
 * region it touches. */
static void update_reservation(struct pmm *pmm, uint64_t base, uint64_t size, range_update update)
{
	if (size == 0)
		return;
	uint64_t end = size > UINT64_MAX - base ? UINT64_MAX : base + size;
	uint64_t first_pfn = base >> PAGE_SHIFT;
	uint64_t end_pfn = div_round_up(end, PAGE_SIZE);
	for (int i = 0; i < pmm->nregions; i++) {
		struct pmm_region *r = &pmm->region[i];
		uint64_t region_pfn = r->base >> PAGE_SHIFT;
		uint64_t first = first_pfn > region_pfn ? first_pfn - region_pfn : 0;
		uint64_t stop = end_pfn > region_pfn ? min_u64(end_pfn - region_pfn, r->npages) : 0;
		if (first < stop)
			update(pmm, r, first, stop);
	}
}

int pmm_init(struct pmm *pmm, const struct phys_range *ram, int nram,
	     void *meta, uint64_t meta_pa, size_t meta_bytes)
{
	struct phys_range usable[PMM_MAX_REGIONS];
	int n = usable_ranges(ram, nram, usable);
	if (n <= 0 || (uintptr_t)meta % sizeof(uint64_t) || meta_bytes < pmm_meta_bytes(ram, nram))
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		uint64_t nwords[PMM_MAX_LEVELS];
		int nlevels;
		if (!region_shape(usable[i].size / PAGE_SIZE, nwords, &nlevels))
			return -EINVAL;
	}

	memset(pmm, 0, sizeof(*pmm));
	pmm->lock = (struct spinlock)SPINLOCK_INIT("pmm");
	spin_lock(&pmm->lock);
	/* Each word of the metadata is written once: the reserved bitmap cleared, the free
	 * levels filled (at 8 GiB of RAM, clearing it all first was another 45 thousand
	 * instructions of boot). */
	uint64_t *next = meta;
	for (int i = 0; i < n; i++) {
		struct pmm_region *r = &pmm->region[i];
		r->base = usable[i].base;
		r->npages = usable[i].size / PAGE_SIZE;
		region_shape(r->npages, r->nwords, &r->nlevels);
		r->reserved_bits = next;
		memset(r->reserved_bits, 0, r->nwords[0] * sizeof(uint64_t));
		next += r->nwords[0];
		/* All pages start free: every word of each level below the top is nonempty. */
		uint64_t bits = r->npages;
		for (int level = 0; level < r->nlevels; level++) {
			r->free_map[level] = next;
			next += r->nwords[level];
			set_low_bits(r->free_map[level], bits);
			bits = r->nwords[level];
		}
		pmm->total_pages += r->npages;
	}
	pmm->nregions = n;
	pmm->alloc_hint = &pmm->region[0];
	pmm->free_pages = pmm->total_pages;
	update_reservation(pmm, meta_pa, meta_bytes, reserve_pages);
	spin_unlock(&pmm->lock);
	return 0;
}

/* ---- Lookups; the caller holds the lock ---- */

static struct pmm_region *region_of(struct pmm *pmm, uint64_t pa)
{
	for (int i = 0; i < pmm->nregions; i++) {
		struct pmm_region *r = &pmm->region[i];
		if (pa - r->base < r->npages * PAGE_SIZE)
			return r;
	}
	return NULL;
}

static uint64_t page_index(const struct pmm_region *r, uint64_t pa)
{
	return (pa - r->base) >> PAGE_SHIFT;
}

static int region_has_free_page(const struct pmm_region *r)
{
	return r->free_map[r->nlevels - 1][0] != 0;
}

/* The lowest page bitmap word of r with a free page (r has one): down from the top word,
 * each level's lowest set bit names the word to look at one level below. */
static uint64_t lowest_free_word(const struct pmm_region *r)
{
	uint64_t index = 0;
	for (int level = r->nlevels - 1; level > 0; level--)
		index = index * BITS_PER_WORD + lowest_set_bit(r->free_map[level][index]);
	return index;
}

/* The lowest free page of r at or after page `from`, or r->npages if none: up through
 * the levels until a word has a set bit at or after the position, then down again. */
static uint64_t next_free_page(const struct pmm_region *r, uint64_t from)
{
	uint64_t index = from;
	int level = 0;
	for (;;) {
		if (level == r->nlevels || index / BITS_PER_WORD >= r->nwords[level])
			return r->npages;
		uint64_t word = index / BITS_PER_WORD;
		uint64_t w = r->free_map[level][word] & bits_from(index);
		if (w) {
			index = word * BITS_PER_WORD + lowest_set_bit(w);
			break;
		}
		index = word + 1; /* the next word, as a bit of the level above */
		level++;
	}
	while (level-- > 0)
		index = index * BITS_PER_WORD + lowest_set_bit(r->free_map[level][index]);
	return index;
}

/* The first page in [from, end) of r that is not free, or end if all are. */
static uint64_t next_busy_page(const struct pmm_region *r, uint64_t from, uint64_t end)
{
	while (from < end) {
		uint64_t word = from / BITS_PER_WORD;
		uint64_t busy = ~r->free_map[0][word] & bits_from(from);
		if (busy)
			return min_u64(end, word * BITS_PER_WORD + lowest_set_bit(busy));
		from = (word + 1) * BITS_PER_WORD;
	}
	return end;
}

/* The first page of npages free pages in r whose physical page number is a multiple of
 * align (a power of two), or r->npages if there is none. */
static uint64_t find_free_run(const struct pmm_region *r, uint64_t npages, uint64_t align)
{
	uint64_t region_pfn = r->base >> PAGE_SHIFT;
	uint64_t start = next_free_page(r, 0);
	while (start < r->npages) {
		start = ((region_pfn + start + align - 1) & ~(align - 1)) - region_pfn;
		if (start >= r->npages || npages > r->npages - start)
			break;
		uint64_t busy = next_busy_page(r, start, start + npages);
		if (busy == start + npages)
			return start;
		start = next_free_page(r, busy + 1);
	}
	return r->npages;
}

/* ---- The public interface ---- */

/* The first region with a free page, made the one pmm_alloc() tries first; NULL if
 * none has one. */
static struct pmm_region *first_region_with_free_page(struct pmm *pmm)
{
	for (int i = 0; i < pmm->nregions; i++) {
		if (region_has_free_page(&pmm->region[i])) {
			pmm->alloc_hint = &pmm->region[i];
			return &pmm->region[i];
		}
	}
	return NULL;
}

/* The hot path takes a page from the current region's hint word. Only when that word has
 * run out does it walk the summaries (at most one allocation in 64 when nothing is freed
 * in between), and only when the region has run out does it look at the others. */
static inline __attribute__((always_inline)) uint64_t alloc_locked(struct pmm *pmm)
{
	struct pmm_region *r = pmm->alloc_hint;
	uint64_t w = r->hint_word;
	uint64_t *word = &r->free_map[0][w];
	uint64_t bits = *word;
	if (!bits) {
		r = first_region_with_free_page(pmm);
		if (!r)
			return 0;
		w = r->hint_word = lowest_free_word(r);
		word = &r->free_map[0][w];
		bits = *word;
	}
	uint64_t page = w * BITS_PER_WORD + lowest_set_bit(bits);
	bits &= bits - 1; /* clears the lowest set bit */
	__atomic_store_n(word, bits, __ATOMIC_RELAXED);   /* read unlocked by pmm_free_cached */
	if (!bits)
		summary_clear(r, w);
	pmm->free_pages--;
	return r->base + page * PAGE_SIZE;
}

/* pmm_alloc when the hint word is empty or about to be: the summaries are walked or
 * updated. Out of line and left by a tail call, lock and all, so that the common case
 * needs no stack frame (the summaries' loops keep registers that must be saved). */
static __attribute__((noinline)) uint64_t alloc_slow_and_unlock(struct pmm *pmm)
{
	uint64_t pa = alloc_locked(pmm);
	spin_unlock(&pmm->lock);
	return pa;
}

uint64_t pmm_alloc(struct pmm *pmm)
{
	spin_lock(&pmm->lock);
	struct pmm_region *r = pmm->alloc_hint;
	uint64_t w = r->hint_word;
	uint64_t *word = &r->free_map[0][w];
	uint64_t bits = *word, rest = bits & (bits - 1);
	if (!rest)
		return alloc_slow_and_unlock(pmm);
	uint64_t page = w * BITS_PER_WORD + lowest_set_bit(bits);
	__atomic_store_n(word, rest, __ATOMIC_RELAXED);   /* read unlocked by pmm_free_cached */
	pmm->free_pages--;
	spin_unlock(&pmm->lock);
	return r->base + page * PAGE_SIZE;
}

uint64_t pmm_alloc_contig(struct pmm *pmm, size_t npages, size_t align_pages)
{
	if (npages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
		return 0;
	spin_lock(&pmm->lock);
	uint64_t pa = 0;
	for (int i = 0; i < pmm->nregions && !pa; i++) {
		struct pmm_region *r = &pmm->region[i];
		uint64_t first = find_free_run(r, npages, align_pages);
		if (first < r->npages) {
			set_pages_free(r, first, first + npages, 0);
			pmm->free_pages -= npages;
			pa = r->base + first * PAGE_SIZE;
		}
	}
	spin_unlock(&pmm->lock);
	return pa;
}

/* Why a free is refused. */
#define BAD_UNALIGNED "unaligned address"
#define BAD_OUTSIDE   "outside RAM"
#define BAD_RESERVED  "reserved page"
#define BAD_DOUBLE    "double free"

/* Why pages [pa, pa + npages pages) cannot be freed, with *bad set to the first offending
 * address; NULL if they all can. */
static const char *unfreeable(struct pmm *pmm, uint64_t pa, uint64_t npages, uint64_t *bad)
{
	*bad = pa;
	if (pa % PAGE_SIZE)
		return BAD_UNALIGNED;
	struct pmm_region *r = region_of(pmm, pa);
	if (!r)
		return BAD_OUTSIDE;
	uint64_t first = page_index(r, pa);
	if (npages > r->npages - first) {
		*bad = r->base + r->npages * PAGE_SIZE;
		return "range runs past its RAM region";
	}
	uint64_t end = first + npages;
	for (uint64_t w = first / BITS_PER_WORD; w <= (end - 1) / BITS_PER_WORD; w++) {
		uint64_t mask = range_mask(w, first, end);
		uint64_t reserved = r->reserved_bits[w] & mask;
		uint64_t problem = (r->free_map[0][w] & mask) | reserved;
		if (problem) {
			uint64_t page = w * BITS_PER_WORD + lowest_set_bit(problem);
			*bad = r->base + page * PAGE_SIZE;
			return reserved & bit(page) ? BAD_RESERVED : BAD_DOUBLE;
		}
	}
	return NULL;
}

/* Out of line, so that the frees' fast paths stay leaf functions without a stack frame
 * of saved registers for it. */
static __attribute__((noinline, cold)) int report_bad_free(uint64_t pa, const char *problem,
							 const void *caller)
{
	printk("pmm: bad free of 0x%lx (%s), caller %p\n", (unsigned long)pa, problem, caller);
	return -EINVAL;
}

int pmm_free_contig(struct pmm *pmm, uint64_t pa, size_t npages, const void *caller)
{
	if (npages == 0)
		return 0;
	spin_lock(&pmm->lock);
	uint64_t bad;
	const char *problem = unfreeable(pmm, pa, npages, &bad);
	if (!problem) {
		struct pmm_region *r = region_of(pmm, pa);
		uint64_t first = page_index(r, pa);
		set_pages_free(r, first, first + npages, 1);
		pmm->free_pages += npages;
	}
	spin_unlock(&pmm->lock);
	return problem ? report_bad_free(bad, problem, caller) : 0;
}

/* Frees page pa if it is an allocated page, else says why not. The hint moves to its
 * word, so the next allocation finds a free page there at once. */
static inline __attribute__((always_inline)) const char *free_one_page(struct pmm *pmm,
									 uint64_t pa)
{
	if (pa % PAGE_SIZE)
		return BAD_UNALIGNED;
	/* Most frees are in the region allocations come from: try it before the search. */
	struct pmm_region *r = pmm->alloc_hint;
	if (pa - r->base >= r->npages * PAGE_SIZE && !(r = region_of(pmm, pa)))
		return BAD_OUTSIDE;
	uint64_t page = page_index(r, pa);
	uint64_t w = page / BITS_PER_WORD;
	uint64_t mask = bit(page);
	uint64_t *word = &r->free_map[0][w];
	uint64_t bits = *word;
	if (r->reserved_bits[w] & mask)
		return BAD_RESERVED;
	if (bits & mask)
		return BAD_DOUBLE;
	if (!bits)
		summary_set(r, w);
	*word = bits | mask;
	r->hint_word = w;
	pmm->free_pages++;
	return NULL;
}

/* pmm_free_page outside the common case (below), as pmm_alloc's slow path. */
static __attribute__((noinline)) int free_slow_and_unlock(struct pmm *pmm, uint64_t pa,
							    const void *caller)
{
	const char *problem = free_one_page(pmm, pa);
	spin_unlock(&pmm->lock);
	return problem ? report_bad_free(pa, problem, caller) : 0;
}

/* The common case: an aligned page of the region allocations come from, in a bitmap word
 * that has a free page already (no summary to update), not reserved and not free. */
int pmm_free_page(struct pmm *pmm, uint64_t pa, const void *caller)
{
	spin_lock(&pmm->lock);
	struct pmm_region *r = pmm->alloc_hint;
	uint64_t page = page_index(r, pa);
	if (pa % PAGE_SIZE || page >= r->npages)
		return free_slow_and_unlock(pmm, pa, caller);
	uint64_t w = page / BITS_PER_WORD, mask = bit(page);
	uint64_t *word = &r->free_map[0][w];
	uint64_t bits = *word;
	if (!bits || (bits & mask) || (r->reserved_bits[w] & mask))
		return free_slow_and_unlock(pmm, pa, caller);
	*word = bits | mask;
	r->hint_word = w;
	pmm->free_pages++;
	spin_unlock(&pmm->lock);
	return 0;
}

/* ---- Per-hart caches (see mm/pmm.h) ---- */

int pmm_add_cache(struct pmm *pmm, struct pmm_cache *c)
{
	spin_lock(&pmm->lock);
	int err = pmm->ncaches == PMM_MAX_CACHES ? -ENOMEM : 0;
	if (!err)
		pmm->cache[pmm->ncaches++] = c;
	spin_unlock(&pmm->lock);
	return err;
}

static uint64_t filter_bit(uint64_t pa)
{
	return 1UL << ((pa >> PAGE_SHIFT) % 64);
}

static uint64_t cache_filter(const struct pmm_cache *c)
{
	uint64_t f = 0;
	for (uint64_t i = 0; i < c->n; i++)
		f |= filter_bit(c->page[i]);
	return f;
}

/* A batch into the empty cache c, as PMM_CACHE_BATCH calls of alloc_locked would hand
 * the pages out, but taken from the hint word a run at a time: the word is written back,
 * its summary updated and the free count lowered once per run, and the cache's filter is
 * made on the way. */
uint64_t pmm_refill_and_alloc(struct pmm *pmm, struct pmm_cache *c)
{
	uint64_t filter = cache_filter(c);

	spin_lock(&pmm->lock);
	while (c->n < PMM_CACHE_BATCH) {
		struct pmm_region *r = pmm->alloc_hint;
		uint64_t w = r->hint_word;
		uint64_t *word = &r->free_map[0][w];
		uint64_t bits = *word;
		if (!bits) {
			uint64_t pa = alloc_locked(pmm);   /* finds the next word */
			if (!pa)
				break;
			filter |= filter_bit(pa);
			c->page[c->n++] = pa;
			continue;
		}
		uint64_t first = r->base + w * BITS_PER_WORD * PAGE_SIZE, taken = 0;
		do {
			uint64_t pa = first + (uint64_t)lowest_set_bit(bits) * PAGE_SIZE;
			bits &= bits - 1;
			filter |= filter_bit(pa);
			c->page[c->n++] = pa;
			taken++;
		} while (bits && c->n < PMM_CACHE_BATCH);
		__atomic_store_n(word, bits, __ATOMIC_RELAXED);   /* read by pmm_free_cached */
		if (!bits)
			summary_clear(r, w);
		pmm->free_pages -= taken;
	}
	spin_unlock(&pmm->lock);
	c->filter = filter;
	return c->n ? c->page[--c->n] : 0;
}

/* Half the cache goes back: a run of frees then finds room without the lock. */
static void drain(struct pmm *pmm, struct pmm_cache *c, uint64_t keep, const void *caller)
{
	const char *problem = NULL;
	uint64_t bad = 0;

	spin_lock(&pmm->lock);
	while (c->n > keep) {
		uint64_t pa = c->page[--c->n];
		const char *p = free_one_page(pmm, pa);
		if (p && !problem)
			problem = p, bad = pa;
	}
	spin_unlock(&pmm->lock);
	c->filter = cache_filter(c);
	if (problem)
		report_bad_free(bad, problem, caller);
}

int pmm_free_batch(struct pmm *pmm, const uint64_t *pa, size_t n, const void *caller)
{
	const char *problem = NULL;
	uint64_t bad = 0;

	spin_lock(&pmm->lock);
	for (size_t i = 0; i < n; i++) {
		const char *p = free_one_page(pmm, pa[i]);
		if (p && !problem)
			problem = p, bad = pa[i];
	}
	spin_unlock(&pmm->lock);
	return problem ? report_bad_free(bad, problem, caller) : 0;
}

void pmm_drain_cache(struct pmm *pmm, struct pmm_cache *c)
{
	drain(pmm, c, 0, __builtin_return_address(0));
}

/* The checks of free_one_page without the lock: the bits of a page the caller holds (in
 * use, not reserved) change only when it is freed. A double free while the page sits in
 * this cache is caught by the search; one while it sits in another hart's cache only when
 * that cache drains (reported then). The search runs only when the cache's filter
 * says pa may be in it. */
int pmm_free_cached(struct pmm *pmm, struct pmm_cache *c, uint64_t pa, const void *caller)
{
	struct pmm_region *r = pmm->alloc_hint;
	if (pa % PAGE_SIZE || (pa - r->base >= r->npages * PAGE_SIZE && !(r = region_of(pmm, pa))))
		return pmm_free_page(pmm, pa, caller);   /* reports it */
	uint64_t page = page_index(r, pa), w = page / BITS_PER_WORD;
	if ((__atomic_load_n(&r->free_map[0][w], __ATOMIC_RELAXED) | r->reserved_bits[w]) &
	    bit(page))
		return pmm_free_page(pmm, pa, caller);
	if (c->filter & filter_bit(pa))
		for (uint64_t i = 0; i < c->n; i++)
			if (c->page[i] == pa)
				return report_bad_free(pa, BAD_DOUBLE, caller);
	if (c->n == PMM_CACHE_PAGES)
		drain(pmm, c, PMM_CACHE_PAGES - PMM_CACHE_BATCH, caller);
	c->filter |= filter_bit(pa);
	c->page[c->n++] = pa;
	return 0;
}

void pmm_reserve(struct pmm *pmm, uint64_t base, uint64_t size)
{
	spin_lock(&pmm->lock);
	update_reservation(pmm, base, size, reserve_pages);
	spin_unlock(&pmm->lock);
}

void pmm_unreserve(struct pmm *pmm, uint64_t base, uint64_t size)
{
	spin_lock(&pmm->lock);
	update_reservation(pmm, base, size, unreserve_pages);
	spin_unlock(&pmm->lock);
}

void pmm_unreserve_in_use(struct pmm *pmm, uint64_t base, uint64_t size)
{
	spin_lock(&pmm->lock);
	update_reservation(pmm, base, size, unreserve_in_use);
	spin_unlock(&pmm->lock);
}

/* Pages in the caches count as free: the leak check after each test compares this. The
 * caches' counts are read without their harts' cooperation, so the figure is exact only
 * while no other hart allocates (as when the check runs). */
uint64_t pmm_free_count(struct pmm *pmm)
{
	spin_lock(&pmm->lock);
	uint64_t n = pmm->free_pages;
	for (int i = 0; i < pmm->ncaches; i++)
		n += __atomic_load_n(&pmm->cache[i]->n, __ATOMIC_RELAXED);
	spin_unlock(&pmm->lock);
	return n;
}

uint64_t pmm_cached_count(struct pmm *pmm)
{
	spin_lock(&pmm->lock);
	uint64_t n = 0;
	for (int i = 0; i < pmm->ncaches; i++)
		n += __atomic_load_n(&pmm->cache[i]->n, __ATOMIC_RELAXED);
	spin_unlock(&pmm->lock);
	return n;
}

uint64_t pmm_total_count(struct pmm *pmm)
{
	spin_lock(&pmm->lock);
	uint64_t n = pmm->total_pages;
	spin_unlock(&pmm->lock);
	return n;
}

#ifdef HOST_TEST
int pmm_is_reserved(struct pmm *pmm, uint64_t pa)
{
	spin_lock(&pmm->lock);
	struct pmm_region *r = region_of(pmm, pa);
	int reserved = 0;
	if (r) {
		uint64_t page = page_index(r, pa);
		reserved = (r->reserved_bits[page / BITS_PER_WORD] & bit(page)) != 0;
	}
	spin_unlock(&pmm->lock);
	return reserved;
}

int pmm_is_allocated(struct pmm *pmm, uint64_t pa)
{
	spin_lock(&pmm->lock);
	struct pmm_region *r = region_of(pmm, pa);
	int allocated = 0;
	if (r) {
		uint64_t page = page_index(r, pa);
		uint64_t w = page / BITS_PER_WORD;
		allocated = !((r->free_map[0][w] | r->reserved_bits[w]) & bit(page));
	}
	spin_unlock(&pmm->lock);
	return allocated;
}
#endif

/* ---- Placing the metadata ---- */

static uint64_t end_of(const struct phys_range *range)
{
	return range->size > UINT64_MAX - range->base ? UINT64_MAX : range->base + range->size;
}

/* Whether pages [pfn, pfn + npages) lie inside one RAM region (whole pages only) and
 * touch no page of any avoided range. */
static int space_fits(uint64_t pfn, uint64_t npages, const struct phys_range *ram, int nram,
		      const struct phys_range *avoid, int navoid)
{
	int in_ram = 0;
	for (int i = 0; i < nram; i++) {
		uint64_t lo = div_round_up(ram[i].base, PAGE_SIZE);
		uint64_t hi = end_of(&ram[i]) >> PAGE_SHIFT;
		if (pfn >= lo && pfn <= hi && npages <= hi - pfn)
			in_ram = 1;
	}
	if (!in_ram)
		return 0;
	for (int i = 0; i < navoid; i++) {
		uint64_t lo = avoid[i].base >> PAGE_SHIFT;
		uint64_t hi = div_round_up(end_of(&avoid[i]), PAGE_SIZE);
		if (avoid[i].size && lo < pfn + npages && pfn < hi)
			return 0;
	}
	return 1;
}

/* The lowest fit starts either where a RAM region starts or where an avoided range ends
 * (one page lower would leave the region or overlap that range), so only those are tried. */
uint64_t pmm_find_space(const struct phys_range *ram, int nram,
			const struct phys_range *avoid, int navoid, size_t bytes)
{
	uint64_t npages = div_round_up(bytes, PAGE_SIZE);
	uint64_t best = UINT64_MAX;
	if (npages == 0)
		return 0;
	for (int i = 0; i < nram + navoid; i++) {
		uint64_t pfn = i < nram ? div_round_up(ram[i].base, PAGE_SIZE)
					: div_round_up(end_of(&avoid[i - nram]), PAGE_SIZE);
		if (pfn < best && space_fits(pfn, npages, ram, nram, avoid, navoid))
			best = pfn;
	}
	return best == UINT64_MAX ? 0 : best << PAGE_SHIFT;
}
