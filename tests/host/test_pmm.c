/* Host tests for mm/pmm.c over simulated RAM: the allocator only touches its metadata,
 * so RAM is a set of invented physical ranges and only the metadata is real memory. Every
 * page handed out is recorded in a separate "held" map, so a page given twice, or a
 * reserved or out-of-RAM page, is caught; bitmaps_consistent() cross-checks the bitmaps,
 * their summary levels and the counters after each scenario. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/pmm.h"
#include "mm/memlayout.h"
#include "abi/errno.h"
#include "tests/host/check.h"
#include "tests/host/host_printk.h"

#define RAM_BASE 0x80000000UL
#define MiB (1UL << 20)
#define GiB (1UL << 30)

/* The allocator under test, its metadata, and the pages the test holds. */
struct sim {
	struct pmm pmm;
	void *meta;
	uint64_t meta_pa;
	size_t meta_bytes;
	const struct phys_range *ram;
	int nram;
	uint64_t lo, hi;       /* span of all RAM, for the held map */
	unsigned char *held;   /* one byte per page of the span: 1 = the test holds it */
	uint64_t nheld;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15UL;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Sets up the allocator with its metadata at meta_pa. Returns pmm_init's result. */
static int sim_init(struct sim *s, const struct phys_range *ram, int nram, uint64_t meta_pa)
{
	memset(s, 0, sizeof(*s));
	s->ram = ram;
	s->nram = nram;
	s->meta_pa = meta_pa;
	s->meta_bytes = pmm_meta_bytes(ram, nram);
	s->meta = aligned_alloc(PAGE_SIZE, s->meta_bytes);
	s->lo = UINT64_MAX;
	for (int i = 0; i < nram; i++) {
		if (ram[i].base < s->lo)
			s->lo = PAGE_ROUND_DOWN(ram[i].base);
		if (ram[i].base + ram[i].size > s->hi)
			s->hi = PAGE_ROUND_UP(ram[i].base + ram[i].size);
	}
	s->held = calloc((s->hi - s->lo) / PAGE_SIZE, 1);
	return pmm_init(&s->pmm, ram, nram, s->meta, meta_pa, s->meta_bytes);
}

static void sim_done(struct sim *s)
{
	free(s->meta);
	free(s->held);
}

/* Whether pa is a whole page inside a RAM region (regions shrink inward to pages). */
static int in_ram(const struct sim *s, uint64_t pa)
{
	for (int i = 0; i < s->nram; i++) {
		uint64_t start = PAGE_ROUND_UP(s->ram[i].base);
		uint64_t end = PAGE_ROUND_DOWN(s->ram[i].base + s->ram[i].size);
		if (pa >= start && pa + PAGE_SIZE <= end)
			return 1;
	}
	return 0;
}

static int in_meta(const struct sim *s, uint64_t pa)
{
	return pa >= s->meta_pa && pa < s->meta_pa + s->meta_bytes;
}

static unsigned char *held(struct sim *s, uint64_t pa)
{
	return &s->held[(pa - s->lo) / PAGE_SIZE];
}

/* Records a page the allocator handed out; returns 0 if it must not have. */
static int take(struct sim *s, uint64_t pa)
{
	if (pa % PAGE_SIZE || !in_ram(s, pa) || in_meta(s, pa) || *held(s, pa) ||
	    pmm_is_reserved(&s->pmm, pa) || !pmm_is_allocated(&s->pmm, pa))
		return 0;
	*held(s, pa) = 1;
	s->nheld++;
	return 1;
}

static int give_back(struct sim *s, uint64_t pa)
{
	*held(s, pa) = 0;
	s->nheld--;
	return pmm_free_page(&s->pmm, pa, (void *)0x1234);
}

/* Allocates until the allocator runs dry; returns how many pages, and how many were wrong.
 * Stops one past the page count, so a broken allocator fails rather than hangs. */
static uint64_t alloc_all(struct sim *s, uint64_t *bad)
{
	uint64_t n = 0, pa;
	*bad = 0;
	while (n <= pmm_total_count(&s->pmm) && (pa = pmm_alloc(&s->pmm)) != 0) {
		n++;
		if (!take(s, pa))
			(*bad)++;
	}
	return n;
}

static void free_all_held(struct sim *s)
{
	for (uint64_t pa = s->lo; pa < s->hi; pa += PAGE_SIZE)
		if (*held(s, pa))
			CHECK(give_back(s, pa) == 0);
}

/* The bitmaps agree with each other, with their summaries and with the counters. */
static int bitmaps_consistent(const struct pmm *p)
{
	uint64_t free = 0, reserved = 0, total = 0;
	for (int i = 0; i < p->nregions; i++) {
		const struct pmm_region *r = &p->region[i];
		total += r->npages;
		if (r->nwords[r->nlevels - 1] != 1 || r->nwords[0] != (r->npages + 63) / 64)
			return 0;
		for (uint64_t w = 0; w < r->nwords[0]; w++) {
			uint64_t valid = (w + 1) * 64 <= r->npages ? ~0UL
								   : (1UL << r->npages % 64) - 1;
			if ((r->free_map[0][w] & r->reserved_bits[w]) ||
			    ((r->free_map[0][w] | r->reserved_bits[w]) & ~valid))
				return 0;
			free += __builtin_popcountl(r->free_map[0][w]);
			reserved += __builtin_popcountl(r->reserved_bits[w]);
		}
		for (int level = 1; level < r->nlevels; level++) {
			for (uint64_t k = 0; k < r->nwords[level] * 64; k++) {
				int summary = (r->free_map[level][k / 64] >> (k % 64)) & 1;
				const uint64_t *lower = r->free_map[level - 1];
				int below = k < r->nwords[level - 1] && lower[k] != 0;
				if (summary != below)
					return 0;
			}
		}
	}
	return free == p->free_pages && reserved == p->reserved_pages && total == p->total_pages;
}

/* One 64 MiB region, the metadata placed by pmm_find_space after a "kernel". */
static const struct phys_range one_region[] = { { RAM_BASE, 64 * MiB } };
static const struct phys_range kernel_image = { RAM_BASE, 2 * MiB + 0x123 };

static void init_one_region(struct sim *s)
{
	size_t bytes = pmm_meta_bytes(one_region, 1);
	uint64_t meta_pa = pmm_find_space(one_region, 1, &kernel_image, 1, bytes);
	CHECK(sim_init(s, one_region, 1, meta_pa) == 0);
	pmm_reserve(&s->pmm, kernel_image.base, kernel_image.size);
}

static void test_alloc_until_exhausted(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t total = pmm_total_count(&s.pmm);
	uint64_t kernel_pages = (kernel_image.size + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t start = pmm_free_count(&s.pmm);
	CHECK(total == 64 * MiB / PAGE_SIZE);
	CHECK(start == total - kernel_pages - s.meta_bytes / PAGE_SIZE);
	CHECK(s.meta_pa >= kernel_image.base + kernel_image.size);
	CHECK(pmm_is_reserved(&s.pmm, s.meta_pa) && pmm_is_reserved(&s.pmm, RAM_BASE + 2 * MiB));

	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0);
	CHECK(pmm_free_count(&s.pmm) == 0);
	CHECK(pmm_alloc(&s.pmm) == 0);
	CHECK(bitmaps_consistent(&s.pmm));

	free_all_held(&s);
	CHECK(pmm_free_count(&s.pmm) == start);
	CHECK(bitmaps_consistent(&s.pmm));
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0);
	free_all_held(&s);
	CHECK(pmm_free_count(&s.pmm) == start);
	CHECK(pmm_total_count(&s.pmm) == total);
	sim_done(&s);
}

/* With RAM full, the only pages to come back are the ones just freed, each once. */
static void test_free_and_realloc(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t bad;
	alloc_all(&s, &bad);
	uint64_t freed[] = { RAM_BASE + 40 * MiB, RAM_BASE + 3 * MiB + 7 * PAGE_SIZE,
			     RAM_BASE + 64 * MiB - PAGE_SIZE };
	for (int i = 0; i < 3; i++)
		CHECK(give_back(&s, freed[i]) == 0);
	CHECK(pmm_free_count(&s.pmm) == 3);
	CHECK(bitmaps_consistent(&s.pmm));
	for (int i = 0; i < 3; i++) {
		uint64_t pa = pmm_alloc(&s.pmm);
		CHECK(pa == freed[0] || pa == freed[1] || pa == freed[2]);
		CHECK(take(&s, pa));
	}
	CHECK(pmm_alloc(&s.pmm) == 0);

	/* Churn: random frees and reallocations keep everything distinct and counted. */
	for (int round = 0; round < 20000; round++) {
		uint64_t pa = RAM_BASE + rng() % (64 * MiB / PAGE_SIZE) * PAGE_SIZE;
		if (*held(&s, pa))
			CHECK(give_back(&s, pa) == 0);
		if (rng() % 2) {
			pa = pmm_alloc(&s.pmm);
			if (pa)
				CHECK(take(&s, pa));
		}
	}
	CHECK(pmm_free_count(&s.pmm) + s.nheld == pmm_total_count(&s.pmm) -
	      s.pmm.reserved_pages);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

/* A rejected free: reported with the address and caller, -EINVAL, nothing changed. */
static void check_rejected(struct sim *s, uint64_t pa, uint64_t reported, const char *why)
{
	void *caller = (void *)0xc0ffee;
	uint64_t before = pmm_free_count(&s->pmm);
	int reports = host_printk_count;
	CHECK(pmm_free_page(&s->pmm, pa, caller) == -EINVAL);
	CHECK(host_printk_count == reports + 1);
	char text[64];
	snprintf(text, sizeof(text), "0x%lx", (unsigned long)reported);
	CHECK(strstr(host_printk_last, text) != NULL);
	snprintf(text, sizeof(text), "%p", caller);
	CHECK(strstr(host_printk_last, text) != NULL);
	CHECK(strstr(host_printk_last, why) != NULL);
	CHECK(pmm_free_count(&s->pmm) == before);
	CHECK(bitmaps_consistent(&s->pmm));
}

static void test_double_free(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t start = pmm_free_count(&s.pmm);
	uint64_t pa = pmm_alloc(&s.pmm);
	CHECK(take(&s, pa));
	CHECK(give_back(&s, pa) == 0);
	CHECK(!pmm_is_allocated(&s.pmm, pa));
	check_rejected(&s, pa, pa, "double free");
	CHECK(pmm_free_count(&s.pmm) == start);

	/* The page is free exactly once: draining RAM returns it once, and the count holds. */
	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0 && *held(&s, pa));
	free_all_held(&s);

	/* The macro form reports its caller too. */
	pa = pmm_alloc(&s.pmm);
	CHECK(pmm_free(&s.pmm, pa) == 0);
	int reports = host_printk_count;
	CHECK(pmm_free(&s.pmm, pa) == -EINVAL);
	CHECK(host_printk_count == reports + 1);
	CHECK(strstr(host_printk_last, "caller 0x") != NULL);
	CHECK(pmm_free_count(&s.pmm) == start);
	sim_done(&s);
}

/* Two harts' caches: every page handed out is one nobody holds, pages in caches count
 * as free (the leak check's figure stays exact), a page freed twice into a cache is
 * reported and kept once, and draining gives everything back. */
static void test_per_hart_caches(void)
{
	struct sim s;
	struct pmm_cache c[2] = { { 0 } };
	static uint64_t mine[4096];
	int n = 0;

	init_one_region(&s);
	uint64_t start = pmm_free_count(&s.pmm);
	CHECK(pmm_add_cache(&s.pmm, &c[0]) == 0 && pmm_add_cache(&s.pmm, &c[1]) == 0);
	for (int i = 0; i < 20000; i++) {
		struct pmm_cache *hart = &c[rng() % 2];
		if (n < 4096 && (n == 0 || rng() % 3)) {
			uint64_t pa = pmm_alloc_cached(&s.pmm, hart);
			CHECK(pa && take(&s, pa));
			mine[n++] = pa;
		} else {
			int k = (int)(rng() % (uint64_t)n);
			uint64_t pa = mine[k];
			mine[k] = mine[--n];
			*held(&s, pa) = 0;
			s.nheld--;
			CHECK(pmm_free_cached(&s.pmm, hart, pa, NULL) == 0);
		}
		CHECK(c[0].n <= PMM_CACHE_PAGES && c[1].n <= PMM_CACHE_PAGES);
		CHECK(pmm_free_count(&s.pmm) == start - (uint64_t)n);
	}
	CHECK(bitmaps_consistent(&s.pmm));

	uint64_t pa = pmm_alloc_cached(&s.pmm, &c[0]);
	CHECK(pmm_free_cached(&s.pmm, &c[0], pa, NULL) == 0);
	int reports = host_printk_count;
	CHECK(pmm_free_cached(&s.pmm, &c[0], pa, NULL) == -EINVAL);
	CHECK(host_printk_count == reports + 1 && strstr(host_printk_last, "double free"));
	CHECK(pmm_free_cached(&s.pmm, &c[1], pa + 1, NULL) == -EINVAL);

	while (n) {
		pa = mine[--n];
		*held(&s, pa) = 0;
		s.nheld--;
		CHECK(pmm_free_cached(&s.pmm, &c[0], pa, NULL) == 0);
	}
	CHECK(pmm_free_count(&s.pmm) == start && pmm_cached_count(&s.pmm) > 0);
	pmm_drain_cache(&s.pmm, &c[0]);
	pmm_drain_cache(&s.pmm, &c[1]);
	CHECK(pmm_cached_count(&s.pmm) == 0 && pmm_free_count(&s.pmm) == start);

	/* A batch: every good page freed, the bad one reported once. */
	uint64_t batch[3] = { pmm_alloc(&s.pmm), pmm_alloc(&s.pmm), 0 };
	batch[2] = batch[0];
	reports = host_printk_count;
	CHECK(pmm_free_batch(&s.pmm, batch, 3, NULL) == -EINVAL);
	CHECK(host_printk_count == reports + 1 && strstr(host_printk_last, "double free"));
	CHECK(pmm_free_count(&s.pmm) == start && bitmaps_consistent(&s.pmm));
	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start && bad == 0);
	CHECK(pmm_alloc_cached(&s.pmm, &c[0]) == 0);   /* nothing left to refill from */
	free_all_held(&s);
	CHECK(bitmaps_consistent(&s.pmm) && pmm_free_count(&s.pmm) == start);
	sim_done(&s);
}

static void test_bad_frees(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t pa = pmm_alloc(&s.pmm);
	CHECK(take(&s, pa));
	check_rejected(&s, pa + 8, pa + 8, "unaligned");
	check_rejected(&s, pa + PAGE_SIZE - 1, pa + PAGE_SIZE - 1, "unaligned");
	check_rejected(&s, RAM_BASE - PAGE_SIZE, RAM_BASE - PAGE_SIZE, "outside RAM");
	check_rejected(&s, RAM_BASE + 64 * MiB, RAM_BASE + 64 * MiB, "outside RAM");
	check_rejected(&s, 0, 0, "outside RAM");
	check_rejected(&s, RAM_BASE, RAM_BASE, "reserved");
	check_rejected(&s, RAM_BASE + 2 * MiB, RAM_BASE + 2 * MiB, "reserved");
	check_rejected(&s, s.meta_pa, s.meta_pa, "reserved");
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE) && pmm_is_reserved(&s.pmm, s.meta_pa));
	/* After all that, the held page still frees normally, once. */
	CHECK(pmm_is_allocated(&s.pmm, pa));
	CHECK(give_back(&s, pa) == 0);
	check_rejected(&s, pa, pa, "double free");
	sim_done(&s);
}

/* Three regions of odd sizes (not multiples of 64 pages), unaligned edges, given out of
 * order, with holes between them. */
static const struct phys_range holey[] = {
	{ RAM_BASE + 100 * MiB + 0x123, 77 * PAGE_SIZE + 0x100 },     /* 76 whole pages */
	{ RAM_BASE, 1000 * PAGE_SIZE },                                /* 1000 pages */
	{ RAM_BASE + 8 * MiB - 0x10, 4099 * PAGE_SIZE + 0x20 },       /* 4099 pages */
};

static void test_regions_with_holes(void)
{
	struct sim s;
	CHECK(sim_init(&s, holey, 3, RAM_BASE + 8 * MiB + 10 * PAGE_SIZE) == 0);
	CHECK(s.pmm.nregions == 3);
	CHECK(pmm_total_count(&s.pmm) == 76 + 1000 + 4099);
	uint64_t start = pmm_free_count(&s.pmm);
	CHECK(start == 76 + 1000 + 4099 - s.meta_bytes / PAGE_SIZE);

	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0);
	/* Every page of every region came out: the edges included, nothing in the holes. */
	CHECK(*held(&s, RAM_BASE) && *held(&s, RAM_BASE + 999 * PAGE_SIZE));
	CHECK(*held(&s, RAM_BASE + 8 * MiB) && *held(&s, RAM_BASE + 8 * MiB + 4098 * PAGE_SIZE));
	CHECK(*held(&s, RAM_BASE + 100 * MiB + PAGE_SIZE));
	CHECK(*held(&s, RAM_BASE + 100 * MiB + 76 * PAGE_SIZE));
	CHECK(!*held(&s, RAM_BASE + 100 * MiB));
	check_rejected(&s, RAM_BASE + 1000 * PAGE_SIZE, RAM_BASE + 1000 * PAGE_SIZE, "outside RAM");
	check_rejected(&s, RAM_BASE + 8 * MiB - PAGE_SIZE, RAM_BASE + 8 * MiB - PAGE_SIZE,
		       "outside RAM");
	check_rejected(&s, RAM_BASE + 100 * MiB, RAM_BASE + 100 * MiB, "outside RAM");

	/* Free in a scattered order, then drain again. */
	for (int i = 0; i < 3000; i++) {
		uint64_t pa = s.lo + rng() % ((s.hi - s.lo) / PAGE_SIZE) * PAGE_SIZE;
		if (*held(&s, pa))
			CHECK(give_back(&s, pa) == 0);
	}
	CHECK(bitmaps_consistent(&s.pmm));
	free_all_held(&s);
	CHECK(pmm_free_count(&s.pmm) == start);
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

static void test_init_errors(void)
{
	struct pmm pmm;
	static uint64_t meta[4096];
	const struct phys_range overlap[] = { { RAM_BASE, 8 * MiB }, { RAM_BASE + 4 * MiB, MiB } };
	CHECK(pmm_init(&pmm, overlap, 2, meta, 0, sizeof(meta)) == -EINVAL);
	struct phys_range many[PMM_MAX_REGIONS + 1];
	for (int i = 0; i <= PMM_MAX_REGIONS; i++)
		many[i] = (struct phys_range){ RAM_BASE + i * MiB, MiB / 2 };
	CHECK(pmm_init(&pmm, many, PMM_MAX_REGIONS + 1, meta, 0, sizeof(meta)) == -EINVAL);
	CHECK(pmm_init(&pmm, many, PMM_MAX_REGIONS, meta, 0, sizeof(meta)) == 0);
	CHECK(pmm.nregions == PMM_MAX_REGIONS);
	const struct phys_range wraps[] = { { UINT64_MAX - MiB, 2 * MiB } };
	CHECK(pmm_init(&pmm, wraps, 1, meta, 0, sizeof(meta)) == -EINVAL);
	const struct phys_range tiny[] = { { RAM_BASE + 0x800, PAGE_SIZE } };
	CHECK(pmm_init(&pmm, tiny, 1, meta, 0, sizeof(meta)) == -EINVAL);

	size_t need = pmm_meta_bytes(one_region, 1);
	CHECK(need % PAGE_SIZE == 0 && need >= 2 * 64 * MiB / PAGE_SIZE / 8);
	void *buf = aligned_alloc(PAGE_SIZE, need + PAGE_SIZE);
	CHECK(pmm_init(&pmm, one_region, 1, buf, RAM_BASE, need - PAGE_SIZE) == -EINVAL);
	CHECK(pmm_init(&pmm, one_region, 1, (char *)buf + 4, RAM_BASE, need) == -EINVAL);
	CHECK(pmm_init(&pmm, one_region, 1, buf, RAM_BASE, need) == 0);
	free(buf);
}

static void test_reservation_rounding(void)
{
	struct sim s;
	CHECK(sim_init(&s, holey, 3, RAM_BASE + 8 * MiB + 100 * PAGE_SIZE) == 0);
	uint64_t free0 = pmm_free_count(&s.pmm);
	uint64_t reserved0 = s.pmm.reserved_pages;

	/* [+0x1800, +0x2800) touches pages +0x1000 and +0x2000. */
	pmm_reserve(&s.pmm, RAM_BASE + 0x1800, 0x1000);
	CHECK(!pmm_is_reserved(&s.pmm, RAM_BASE));
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 0x1000));
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 0x2000));
	CHECK(!pmm_is_reserved(&s.pmm, RAM_BASE + 0x3000));
	CHECK(pmm_free_count(&s.pmm) == free0 - 2);
	/* A single byte reserves its page; reserving again changes nothing. */
	pmm_reserve(&s.pmm, RAM_BASE + 0x5fff, 1);
	pmm_reserve(&s.pmm, RAM_BASE + 0x1000, 0x2000);
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 0x5000));
	CHECK(pmm_free_count(&s.pmm) == free0 - 3);
	CHECK(s.pmm.reserved_pages == reserved0 + 3);

	/* Straddling edges: the part outside RAM is ignored, both sides of a hole count. */
	pmm_reserve(&s.pmm, RAM_BASE - 0x800, 0x1000);   /* page RAM_BASE only */
	pmm_reserve(&s.pmm, RAM_BASE + 999 * PAGE_SIZE + 0x10, 8 * MiB - 999 * PAGE_SIZE);
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE));
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 999 * PAGE_SIZE));
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 8 * MiB));          /* first page, region 3 */
	CHECK(!pmm_is_reserved(&s.pmm, RAM_BASE + 8 * MiB + PAGE_SIZE));
	CHECK(pmm_free_count(&s.pmm) == free0 - 6);
	/* A size that runs past the top of the address space reserves up to the end. */
	pmm_reserve(&s.pmm, RAM_BASE + 100 * MiB + 70 * PAGE_SIZE, UINT64_MAX);
	CHECK(pmm_is_reserved(&s.pmm, RAM_BASE + 100 * MiB + 76 * PAGE_SIZE));
	CHECK(!pmm_is_reserved(&s.pmm, RAM_BASE + 100 * MiB + 69 * PAGE_SIZE));
	CHECK(pmm_free_count(&s.pmm) == free0 - 6 - 7); /* pages 70..76 */
	pmm_reserve(&s.pmm, RAM_BASE + 0x9000, 0);
	CHECK(!pmm_is_reserved(&s.pmm, RAM_BASE + 0x9000));
	CHECK(bitmaps_consistent(&s.pmm));

	/* Nothing reserved is handed out. */
	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == free0 - 13);
	CHECK(bad == 0);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

static void test_unreserve(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t start = pmm_free_count(&s.pmm);
	uint64_t area = RAM_BASE + 20 * MiB;
	pmm_reserve(&s.pmm, area, 10 * PAGE_SIZE);
	CHECK(pmm_free_count(&s.pmm) == start - 10);
	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start - 10);
	CHECK(bad == 0);
	for (int i = 0; i < 10; i++)
		CHECK(!*held(&s, area + i * PAGE_SIZE));

	/* Unreserving hands exactly those pages over as free ones. */
	pmm_unreserve(&s.pmm, area + 0x10, 10 * PAGE_SIZE - 0x20);
	CHECK(pmm_free_count(&s.pmm) == 10);
	for (int i = 0; i < 10; i++)
		CHECK(take(&s, pmm_alloc(&s.pmm)));
	for (int i = 0; i < 10; i++)
		CHECK(*held(&s, area + i * PAGE_SIZE));
	CHECK(pmm_alloc(&s.pmm) == 0);

	/* Unreserving pages that are not reserved changes nothing. */
	pmm_unreserve(&s.pmm, area, 10 * PAGE_SIZE);
	CHECK(pmm_free_count(&s.pmm) == 0 && pmm_is_allocated(&s.pmm, area));

	/* Reserving a page in use keeps it from being freed until it is unreserved. */
	uint64_t reserved = s.pmm.reserved_pages;
	pmm_reserve(&s.pmm, area, PAGE_SIZE);
	CHECK(s.pmm.reserved_pages == reserved + 1 && pmm_free_count(&s.pmm) == 0);
	check_rejected(&s, area, area, "reserved");
	pmm_unreserve(&s.pmm, area, PAGE_SIZE);
	CHECK(pmm_free_count(&s.pmm) == 1 && s.pmm.reserved_pages == reserved);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

/* pmm_unreserve_in_use: reserved pages become allocated ones, neither reserved nor free,
 * that go back one by one with pmm_free (the initrd's pages files keep). */
static void test_unreserve_in_use(void)
{
	struct sim s;
	init_one_region(&s);
	uint64_t start = pmm_free_count(&s.pmm), reserved = s.pmm.reserved_pages;
	uint64_t area = RAM_BASE + 20 * MiB;
	pmm_reserve(&s.pmm, area, 4 * PAGE_SIZE);
	pmm_unreserve_in_use(&s.pmm, area, 4 * PAGE_SIZE);
	CHECK(pmm_free_count(&s.pmm) == start - 4 && s.pmm.reserved_pages == reserved);
	for (int i = 0; i < 4; i++)
		CHECK(pmm_is_allocated(&s.pmm, area + i * PAGE_SIZE) &&
		      !pmm_is_reserved(&s.pmm, area + i * PAGE_SIZE));
	CHECK(pmm_free(&s.pmm, area + PAGE_SIZE) == 0 && pmm_free_count(&s.pmm) == start - 3);
	CHECK(pmm_free_contig(&s.pmm, area + 2 * PAGE_SIZE, 2, NULL) == 0);
	CHECK(pmm_free(&s.pmm, area) == 0 && pmm_free_count(&s.pmm) == start);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

/* Pages [pa, pa + n pages) are all allocated, and were not held by the test before. */
static int took_range(struct sim *s, uint64_t pa, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (!take(s, pa + i * PAGE_SIZE))
			return 0;
	return 1;
}

static void test_contig(void)
{
	struct sim s;
	/* A base 3 pages past a 2 MiB boundary: alignment is of physical addresses. */
	const struct phys_range ram[] = { { RAM_BASE + 3 * PAGE_SIZE, 16 * MiB } };
	CHECK(sim_init(&s, ram, 1, RAM_BASE + 3 * PAGE_SIZE) == 0);
	uint64_t start = pmm_free_count(&s.pmm);

	uint64_t pa = pmm_alloc_contig(&s.pmm, 8, 8);
	CHECK(pa && pa % (8 * PAGE_SIZE) == 0);
	CHECK(took_range(&s, pa, 8));
	CHECK(pmm_free_count(&s.pmm) == start - 8);
	uint64_t big = pmm_alloc_contig(&s.pmm, 3, 512);
	CHECK(big && big % (2 * MiB) == 0);
	CHECK(took_range(&s, big, 3));
	uint64_t odd = pmm_alloc_contig(&s.pmm, 5, 1);
	CHECK(odd && took_range(&s, odd, 5));
	CHECK(bitmaps_consistent(&s.pmm));

	/* Impossible requests fail cleanly. */
	CHECK(pmm_alloc_contig(&s.pmm, 0, 1) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 1, 3) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 1, 0) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 4097, 1) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 1, 1UL << 40) == 0);
	CHECK(pmm_free_count(&s.pmm) == start - 16);

	/* Fill RAM, then free every other page of a window: no two free pages touch. */
	uint64_t bad;
	alloc_all(&s, &bad);
	CHECK(bad == 0);
	uint64_t window = RAM_BASE + 4 * MiB;
	for (int i = 0; i < 64; i += 2)
		CHECK(give_back(&s, window + i * PAGE_SIZE) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 2, 1) == 0);
	CHECK(pmm_free_count(&s.pmm) == 32);
	/* A free run of 4 starting one page past an 8-page boundary: fits align 1, not 4. */
	uint64_t run = RAM_BASE + 8 * MiB + PAGE_SIZE;
	for (int i = 0; i < 4; i++)
		CHECK(give_back(&s, run + i * PAGE_SIZE) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 4, 4) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 4, 2) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 4, 1) == run);
	CHECK(took_range(&s, run, 4));
	/* Freeing the aligned block next to it makes room for an aligned request. */
	for (int i = 0; i < 8; i++)
		CHECK(give_back(&s, run + 7 * PAGE_SIZE + i * PAGE_SIZE) == 0);
	CHECK(pmm_alloc_contig(&s.pmm, 8, 8) == run + 7 * PAGE_SIZE);
	CHECK(took_range(&s, run + 7 * PAGE_SIZE, 8));
	CHECK(bitmaps_consistent(&s.pmm));

	/* pmm_free_contig checks every page first: one free page in the range rejects all. */
	int reports = host_printk_count;
	uint64_t free_before = pmm_free_count(&s.pmm);
	CHECK(pmm_free_contig(&s.pmm, window, 3, (void *)0x1234) == -EINVAL);
	CHECK(host_printk_count == reports + 1);
	CHECK(pmm_free_count(&s.pmm) == free_before);
	CHECK(pmm_is_allocated(&s.pmm, window + PAGE_SIZE));
	char text[32];
	snprintf(text, sizeof(text), "0x%lx", (unsigned long)window);
	CHECK(strstr(host_printk_last, text) && strstr(host_printk_last, "double free"));
	CHECK(pmm_free_contig(&s.pmm, RAM_BASE + 16 * MiB, 8, (void *)0x1234) == -EINVAL);
	CHECK(strstr(host_printk_last, "past its RAM region") != NULL);
	CHECK(pmm_free_contig(&s.pmm, s.meta_pa, 1, (void *)0x1234) == -EINVAL);
	CHECK(pmm_free_count(&s.pmm) == free_before);

	/* And a good one frees the whole range. */
	for (int i = 0; i < 8; i++)
		*held(&s, pa + i * PAGE_SIZE) = 0;
	s.nheld -= 8;
	CHECK(pmm_free_contig(&s.pmm, pa, 8, (void *)0x1234) == 0);
	CHECK(pmm_free_count(&s.pmm) == free_before + 8);
	CHECK(!pmm_is_allocated(&s.pmm, pa) && !pmm_is_allocated(&s.pmm, pa + 7 * PAGE_SIZE));
	CHECK(bitmaps_consistent(&s.pmm));
	free_all_held(&s);
	CHECK(pmm_free_count(&s.pmm) == start);
	sim_done(&s);
}

/* A contiguous range never spans two regions, even when they touch. */
static void test_contig_stays_in_region(void)
{
	struct sim s;
	const struct phys_range ram[] = { { RAM_BASE, 64 * PAGE_SIZE },
					  { RAM_BASE + 64 * PAGE_SIZE, 64 * PAGE_SIZE } };
	CHECK(sim_init(&s, ram, 2, RAM_BASE + 1 * GiB) == 0);
	CHECK(pmm_free_count(&s.pmm) == 128);
	CHECK(pmm_alloc_contig(&s.pmm, 65, 1) == 0);
	uint64_t pa = pmm_alloc_contig(&s.pmm, 64, 1);
	CHECK(pa == RAM_BASE || pa == RAM_BASE + 64 * PAGE_SIZE);
	CHECK(took_range(&s, pa, 64));
	CHECK(pmm_free_contig(&s.pmm, RAM_BASE + 32 * PAGE_SIZE, 64, NULL) == -EINVAL);
	CHECK(pmm_free_count(&s.pmm) == 64);
	sim_done(&s);
}

/* Brute force: the lowest page-aligned address of `bytes` inside RAM that touches no
 * page of an avoided range. */
static uint64_t find_space_slowly(const struct phys_range *ram, int nram,
				  const struct phys_range *avoid, int navoid, size_t bytes,
				  uint64_t limit)
{
	uint64_t len = PAGE_ROUND_UP(bytes);
	for (uint64_t a = 0; a < limit; a += PAGE_SIZE) {
		int ok = 0;
		for (int i = 0; i < nram; i++)
			if (a >= PAGE_ROUND_UP(ram[i].base) &&
			    a + len <= PAGE_ROUND_DOWN(ram[i].base + ram[i].size))
				ok = 1;
		for (int i = 0; i < navoid; i++)
			if (avoid[i].size && PAGE_ROUND_DOWN(avoid[i].base) < a + len &&
			    a < PAGE_ROUND_UP(avoid[i].base + avoid[i].size))
				ok = 0;
		if (ok)
			return a;
	}
	return 0;
}

static void test_find_space(void)
{
	const struct phys_range ram[] = { { RAM_BASE + 0x800, 64 * MiB - 0x800 },
					  { 4 * GiB, 1 * GiB } };
	const struct phys_range avoid[] = {
		{ RAM_BASE, 2 * MiB + 0x10 },                 /* kernel */
		{ RAM_BASE + 2 * MiB + PAGE_SIZE + 0x10, 0x20 }, /* DTB, inside a page */
		{ RAM_BASE + 2 * MiB + 3 * PAGE_SIZE, 60 * MiB }, /* initrd */
	};
	/* The kernel's last byte is in page +2 MiB, the DTB in the next: one page is left
	 * before the initrd. */
	CHECK(pmm_find_space(ram, 2, avoid, 3, PAGE_SIZE) == RAM_BASE + 2 * MiB + PAGE_SIZE * 2);
	CHECK(pmm_find_space(ram, 2, avoid, 2, 0x1800) == RAM_BASE + 2 * MiB + 2 * PAGE_SIZE);
	/* Two pages only fit after the initrd. */
	uint64_t after_initrd = RAM_BASE + 2 * MiB + 3 * PAGE_SIZE + 60 * MiB;
	CHECK(pmm_find_space(ram, 2, avoid, 3, 2 * PAGE_SIZE) == after_initrd);
	/* Up against the end of region 1 exactly, or else on to region 2. */
	uint64_t room = RAM_BASE + 64 * MiB - after_initrd;
	CHECK(pmm_find_space(ram, 2, avoid, 3, room) == after_initrd);
	CHECK(pmm_find_space(ram, 2, avoid, 3, room + 1) == 4 * GiB);
	CHECK(pmm_find_space(ram, 2, avoid, 3, 2 * GiB) == 0);
	CHECK(pmm_find_space(ram, 2, avoid, 3, 0) == 0);
	/* Without avoids: the first whole page of region 1 (its base is unaligned). */
	CHECK(pmm_find_space(ram, 2, NULL, 0, 5 * PAGE_SIZE) == RAM_BASE + PAGE_SIZE);

	/* Random small layouts against brute force. */
	for (int round = 0; round < 3000; round++) {
		struct phys_range r[3], a[4];
		int nram = 1 + rng() % 3, navoid = rng() % 5;
		uint64_t at = 16 * PAGE_SIZE;
		for (int i = 0; i < nram; i++) {
			at += rng() % (8 * PAGE_SIZE);
			r[i] = (struct phys_range){ at, rng() % (40 * PAGE_SIZE) };
			at += r[i].size;
		}
		for (int i = 0; i < navoid; i++)
			a[i] = (struct phys_range){ rng() % at, rng() % (6 * PAGE_SIZE) };
		if (navoid && round % 4 == 0)
			a[0].size = 0; /* an empty range avoids nothing */
		size_t bytes = 1 + rng() % (10 * PAGE_SIZE);
		uint64_t want = find_space_slowly(r, nram, a, navoid, bytes, at + PAGE_SIZE);
		uint64_t got = pmm_find_space(r, nram, a, navoid, bytes);
		CHECK(got == want);
		if (got != want) {
			fprintf(stderr, "  round %d: got 0x%lx want 0x%lx\n", round,
				(unsigned long)got, (unsigned long)want);
			break;
		}
	}
}

/* 8 GiB: metadata is ~2 bits a page plus summaries; at 99% use it still works. */
static void test_8gib_nearly_full(void)
{
	struct sim s;
	const struct phys_range ram[] = { { RAM_BASE, 8 * GiB } };
	uint64_t pages = 8 * GiB / PAGE_SIZE;
	CHECK(sim_init(&s, ram, 1, RAM_BASE + 64 * MiB) == 0);
	CHECK(s.meta_bytes <= pages / 4 + 8 * PAGE_SIZE);
	CHECK(pmm_total_count(&s.pmm) == pages);
	uint64_t start = pmm_free_count(&s.pmm);

	/* Use 99%, scattered: allocate everything, then free 1% at random. */
	uint64_t bad;
	CHECK(alloc_all(&s, &bad) == start);
	CHECK(bad == 0);
	while (pmm_free_count(&s.pmm) < pages / 100) {
		uint64_t pa = RAM_BASE + rng() % pages * PAGE_SIZE;
		if (*held(&s, pa))
			CHECK(give_back(&s, pa) == 0);
	}
	CHECK(bitmaps_consistent(&s.pmm));

	/* Alloc/free churn at 99%: each page handed out was free, each free is accepted. */
	for (int round = 0; round < 200000; round++) {
		uint64_t pa = pmm_alloc(&s.pmm);
		CHECK(pa && take(&s, pa));
		uint64_t victim = RAM_BASE + rng() % pages * PAGE_SIZE;
		CHECK(give_back(&s, *held(&s, victim) ? victim : pa) == 0);
	}
	uint64_t pa = pmm_alloc(&s.pmm);
	CHECK(take(&s, pa));
	CHECK(give_back(&s, pa) == 0);
	check_rejected(&s, pa, pa, "double free");
	CHECK(bitmaps_consistent(&s.pmm));

	uint64_t left = pmm_free_count(&s.pmm);
	CHECK(alloc_all(&s, &bad) == left);
	CHECK(bad == 0 && s.nheld == start);
	free_all_held(&s);
	CHECK(pmm_free_count(&s.pmm) == start);
	CHECK(bitmaps_consistent(&s.pmm));
	sim_done(&s);
}

int main(void)
{
	TEST(test_alloc_until_exhausted);
	TEST(test_free_and_realloc);
	TEST(test_double_free);
	TEST(test_bad_frees);
	TEST(test_regions_with_holes);
	TEST(test_init_errors);
	TEST(test_reservation_rounding);
	TEST(test_unreserve);
	TEST(test_unreserve_in_use);
	TEST(test_contig);
	TEST(test_contig_stays_in_region);
	TEST(test_find_space);
	TEST(test_per_hart_caches);
	TEST(test_8gib_nearly_full);
	return TESTS_DONE();
}
