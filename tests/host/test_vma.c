/* Host tests for mm/vma.c. The kernel heap is malloc here (tests/host/host_kmalloc.c), with
 * a switch that makes allocations fail, to check that -ENOMEM leaves a set exactly as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "mm/kmalloc.h"
#include "mm/vma.h"
#include "mm/vmobj.h"
#include "tests/host/check.h"
#include "tests/host/host_kmalloc.h"

#define PG 4096ULL
#define RW (VMA_READ | VMA_WRITE)
#define RX (VMA_READ | VMA_EXEC)
#define R  VMA_READ

/* ---- shared objects: vma.c only takes and drops references, counted here ---- */

void vmobj_get(struct vm_object *obj)
{
	obj->refs++;
}

void vmobj_put(struct vm_object *obj)
{
	obj->refs--;
}

/* ---- helpers ---- */

/* Checks that the set holds exactly these ranges: {start, end, prot, flags} in pages. */
static int set_is(const struct vma_set *s, int n, const uint64_t (*want)[4])
{
	if (s->n != n)
		return 0;
	for (int i = 0; i < n; i++) {
		const struct vma *v = &s->v[i];
		if (v->start != want[i][0] * PG || v->end != want[i][1] * PG || v->prot != want[i][2] ||
		    v->flags != want[i][3])
			return 0;
	}
	return 1;
}

/* A copy of the ranges, to check that a failed call changed nothing. */
struct snapshot {
	int n;
	struct vma v[64];
};

static void take(struct snapshot *snap, const struct vma_set *s)
{
	snap->n = s->n;
	if (s->n)
		memcpy(snap->v, s->v, (size_t)s->n * sizeof(struct vma));
}

static int same_as(const struct snapshot *snap, const struct vma_set *s)
{
	return snap->n == s->n && (s->n == 0 || memcmp(snap->v, s->v, (size_t)s->n * sizeof(struct vma)) == 0);
}

static int ins(struct vma_set *s, uint64_t start_pg, uint64_t end_pg, uint32_t prot, uint32_t flags)
{
	return vma_insert(s, start_pg * PG, end_pg * PG, prot, flags);
}

/* ---- cases ---- */

static void test_insert_find_overlap_covers(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(vma_find(&s, 0x1000) == NULL);
	CHECK(ins(&s, 1, 3, R, VMA_ANON) == 0);
	CHECK(ins(&s, 5, 6, RW, VMA_ANON) == 0);
	CHECK(ins(&s, 8, 9, RW, VMA_ANON) == 0);

	struct vma *v = vma_find(&s, 0x1000);
	CHECK(v && v->start == 0x1000 && v->end == 0x3000 && v->prot == R);
	CHECK(vma_find(&s, 0x2fff) == v);
	CHECK(vma_find(&s, 0x3000) == NULL);
	CHECK(vma_find(&s, 0xfff) == NULL);
	CHECK(vma_find(&s, 0x5123) == &s.v[1]);
	CHECK(s.last_hit == 1);
	CHECK(vma_find(&s, 0x8000) == &s.v[2] && s.last_hit == 2);
	CHECK(vma_find(&s, 0x9000) == NULL);

	CHECK(vma_overlaps(&s, 0x3000, 0x5000) == 0);
	CHECK(vma_overlaps(&s, 0x3000, 0x5001) == 1);
	CHECK(vma_overlaps(&s, 0x2fff, 0x3000) == 1);
	CHECK(vma_overlaps(&s, 0, 0x10000) == 1);
	CHECK(vma_overlaps(&s, 0x9000, 0x10000) == 0);
	CHECK(vma_overlaps(&s, 0x2000, 0x2000) == 0);

	CHECK(ins(&s, 2, 4, RW, VMA_ANON) == -EEXIST);
	CHECK(ins(&s, 4, 6, RW, VMA_ANON) == -EEXIST);
	CHECK(ins(&s, 0, 10, RW, VMA_ANON) == -EEXIST);
	CHECK(vma_insert(&s, 0x3800, 0x4000, R, 0) == -EINVAL);
	CHECK(vma_insert(&s, 0x3000, 0x3000, R, 0) == -EINVAL);
	CHECK(s.n == 3);

	CHECK(vma_covers(&s, 0x1000, 0x3000) == 1);
	CHECK(vma_covers(&s, 0x1800, 0x2800) == 1);
	CHECK(vma_covers(&s, 0x1000, 0x3001) == 0);
	CHECK(vma_covers(&s, 0x1000, 0x6000) == 0);
	CHECK(vma_covers(&s, 0x9000, 0xa000) == 0);
	CHECK(ins(&s, 3, 5, RX, 0) == 0);   /* different kind: not merged, but covering */
	CHECK(vma_covers(&s, 0x1000, 0x6000) == 1);
	CHECK(vma_covers(&s, 0x1000, 0x7000) == 0);
	vma_set_free(&s);
	CHECK(s.n == 0 && s.v == NULL && live_allocations == 0);
}

static void test_insert_merges_equal_neighbours(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 2, RW, VMA_ANON) == 0);
	CHECK(ins(&s, 3, 4, RW, VMA_ANON) == 0);
	CHECK(ins(&s, 2, 3, RW, VMA_ANON) == 0);   /* bridges both */
	static const uint64_t one[][4] = { { 1, 4, RW, VMA_ANON } };
	CHECK(set_is(&s, 1, one));
	CHECK(ins(&s, 4, 5, RW, VMA_ANON) == 0);   /* extends to the right */
	CHECK(ins(&s, 0, 1, RW, VMA_ANON) == 0);   /* extends to the left */
	static const uint64_t grown[][4] = { { 0, 5, RW, VMA_ANON } };
	CHECK(set_is(&s, 1, grown));
	CHECK(ins(&s, 5, 6, R, VMA_ANON) == 0);           /* other prot */
	CHECK(ins(&s, 6, 7, R, VMA_ANON | VMA_HEAP) == 0); /* other flags */
	CHECK(ins(&s, 8, 9, R, VMA_ANON) == 0);           /* not touching */
	static const uint64_t apart[][4] = { { 0, 5, RW, VMA_ANON }, { 5, 6, R, VMA_ANON },
					     { 6, 7, R, VMA_ANON | VMA_HEAP }, { 8, 9, R, VMA_ANON } };
	CHECK(set_is(&s, 4, apart));
	vma_set_free(&s);
}

static void test_remove_middle_splits(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 10, RW, VMA_ANON) == 0);
	CHECK(vma_remove(&s, 4 * PG, 6 * PG) == 0);
	static const uint64_t two[][4] = { { 1, 4, RW, VMA_ANON }, { 6, 10, RW, VMA_ANON } };
	CHECK(set_is(&s, 2, two));
	CHECK(vma_find(&s, 5 * PG) == NULL);
	CHECK(vma_remove(&s, 1 * PG, 2 * PG) == 0);   /* trims the front */
	CHECK(vma_remove(&s, 9 * PG, 12 * PG) == 0);  /* trims the back */
	static const uint64_t trimmed[][4] = { { 2, 4, RW, VMA_ANON }, { 6, 9, RW, VMA_ANON } };
	CHECK(set_is(&s, 2, trimmed));
	CHECK(vma_remove(&s, 7 * PG, 7 * PG) == 0);   /* empty: nothing */
	CHECK(set_is(&s, 2, trimmed));
	CHECK(vma_remove(&s, 0x6800, 0x8000) == -EINVAL);
	CHECK(set_is(&s, 2, trimmed));
	vma_set_free(&s);
}

static void test_remove_across_ranges_and_holes(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 3, R, 0) == 0);
	CHECK(ins(&s, 4, 6, RW, 0) == 0);
	CHECK(ins(&s, 7, 9, RX, 0) == 0);
	CHECK(ins(&s, 10, 12, R, 0) == 0);
	CHECK(ins(&s, 13, 14, R, 0) == 0);
	CHECK(vma_remove(&s, 2 * PG, 11 * PG) == 0);
	static const uint64_t left[][4] = { { 1, 2, R, 0 }, { 11, 12, R, 0 }, { 13, 14, R, 0 } };
	CHECK(set_is(&s, 3, left));
	CHECK(vma_remove(&s, 3 * PG, 10 * PG) == 0);   /* only a hole now */
	CHECK(set_is(&s, 3, left));
	CHECK(vma_remove(&s, 0, 100 * PG) == 0);
	CHECK(s.n == 0 && vma_find(&s, PG) == NULL);
	vma_set_free(&s);
}

static void test_protect_splits_and_remerges(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 10, RW, VMA_ANON) == 0);
	CHECK(vma_protect(&s, 4 * PG, 6 * PG, R) == 0);
	static const uint64_t three[][4] = { { 1, 4, RW, VMA_ANON }, { 4, 6, R, VMA_ANON },
					     { 6, 10, RW, VMA_ANON } };
	CHECK(set_is(&s, 3, three));
	CHECK(vma_protect(&s, 4 * PG, 6 * PG, RW) == 0);
	static const uint64_t one[][4] = { { 1, 10, RW, VMA_ANON } };
	CHECK(set_is(&s, 1, one));

	/* Across ranges of different kinds: each keeps its flags. */
	CHECK(ins(&s, 10, 12, RX, VMA_HEAP) == 0);
	CHECK(vma_protect(&s, 8 * PG, 11 * PG, R) == 0);
	static const uint64_t mixed[][4] = { { 1, 8, RW, VMA_ANON }, { 8, 10, R, VMA_ANON },
					     { 10, 11, R, VMA_HEAP }, { 11, 12, RX, VMA_HEAP } };
	CHECK(set_is(&s, 4, mixed));
	/* Extending a protection to the neighbour's edge merges with it. */
	CHECK(vma_protect(&s, 7 * PG, 8 * PG, R) == 0);
	static const uint64_t moved[][4] = { { 1, 7, RW, VMA_ANON }, { 7, 10, R, VMA_ANON },
					     { 10, 11, R, VMA_HEAP }, { 11, 12, RX, VMA_HEAP } };
	CHECK(set_is(&s, 4, moved));
	/* Same protection as already there: no change. */
	CHECK(vma_protect(&s, 2 * PG, 3 * PG, RW) == 0);
	CHECK(set_is(&s, 4, moved));
	vma_set_free(&s);
}

static void test_protect_over_hole_fails_unchanged(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 3, RW, 0) == 0);
	CHECK(ins(&s, 4, 6, RW, 0) == 0);
	struct snapshot snap;
	take(&snap, &s);
	CHECK(vma_protect(&s, 2 * PG, 5 * PG, R) == -ENOMEM);
	CHECK(same_as(&snap, &s));
	CHECK(vma_protect(&s, 4 * PG, 7 * PG, R) == -ENOMEM);
	CHECK(vma_protect(&s, 0, 2 * PG, R) == -ENOMEM);
	CHECK(vma_protect(&s, 0x1800, 0x2000, R) == -EINVAL);
	CHECK(same_as(&snap, &s));
	vma_set_free(&s);
}

/* Fills the set until its array is full, so that any new range needs memory. */
static void fill_to_capacity(struct vma_set *s)
{
	for (uint64_t pg = 100; s->n < s->cap || s->n == 0; pg += 2)
		CHECK(ins(s, pg, pg + 1, pg % 4 ? R : RW, 0) == 0);
}

static void test_out_of_memory_changes_nothing(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(ins(&s, 1, 10, RW, 0) == 0);
	fill_to_capacity(&s);
	struct snapshot snap;
	take(&snap, &s);

	kmalloc_fails = 1;
	CHECK(ins(&s, 50, 51, RW, 0) == -ENOMEM);
	CHECK(same_as(&snap, &s));
	CHECK(vma_remove(&s, 3 * PG, 5 * PG) == -ENOMEM);
	CHECK(same_as(&snap, &s));
	CHECK(vma_protect(&s, 3 * PG, 5 * PG, R) == -ENOMEM);
	CHECK(same_as(&snap, &s));
	CHECK(vma_protect(&s, 1 * PG, 5 * PG, R) == -ENOMEM);   /* one split is enough to fail */
	CHECK(same_as(&snap, &s));

	/* What needs no memory still works. */
	CHECK(ins(&s, 10, 11, RW, 0) == 0);                /* merges */
	CHECK(vma_protect(&s, 3 * PG, 5 * PG, RW) == 0);   /* same protection: no split */
	CHECK(vma_protect(&s, 1 * PG, 11 * PG, R) == 0);   /* whole range */
	CHECK(vma_remove(&s, 1 * PG, 3 * PG) == 0);        /* trims */
	CHECK(vma_find(&s, 3 * PG)->prot == R && vma_find(&s, 3 * PG)->end == 11 * PG);

	struct vma_set copy;
	CHECK(vma_set_copy(&copy, &s) == -ENOMEM);
	CHECK(copy.n == 0 && copy.v == NULL);
	kmalloc_fails = 0;
	vma_set_free(&s);
	CHECK(live_allocations == 0);
}

static void test_find_gap_top_down(void)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK(vma_find_gap(&s, 0x3000, 0x1000, 0x100000) == 0x100000 - 0x3000);
	CHECK(ins(&s, 0x10, 0x20, RW, 0) == 0);
	CHECK(ins(&s, 0x30, 0x38, RW, 0) == 0);
	CHECK(ins(&s, 0x50, 0x60, RW, 0) == 0);
	uint64_t lo = 0x1000, hi = 0x60000;
	CHECK(vma_find_gap(&s, 0x10000, lo, hi) == 0x40000);   /* top of [0x38000, 0x50000) */
	CHECK(vma_find_gap(&s, 0x18000, lo, hi) == 0x38000);   /* exactly fits */
	CHECK(vma_find_gap(&s, 0x10000 + 1, lo, 0x38000) == 0); /* rounds up to 0x11000 */
	CHECK(vma_find_gap(&s, 0xf000, lo, 0x38000) == 0x21000);
	CHECK(vma_find_gap(&s, 0xf000, lo, 0x20000) == 0x1000);
	CHECK(vma_find_gap(&s, 0x10000, lo, 0x20000) == 0);
	CHECK(vma_find_gap(&s, 0x1000, lo, 0x58000) == 0x4f000); /* hi inside a range */
	CHECK(vma_find_gap(&s, 0x1000, 0x4f800, hi) == 0);      /* lo rounds up to 0x50000 */
	CHECK(vma_find_gap(&s, 0x1000, lo, 0x60fff) == 0x4f000); /* hi rounds down */
	CHECK(vma_find_gap(&s, 0x2000, 0x60000, 0x70000) == 0x6e000);
	CHECK(vma_find_gap(&s, 0, lo, hi) == 0);
	CHECK(vma_find_gap(&s, UINT64_MAX, lo, hi) == 0);
	CHECK(vma_find_gap(&s, 0x1000, hi, lo) == 0);
	/* A full space has no gap. */
	CHECK(ins(&s, 0x1, 0x10, R, 0) == 0);
	CHECK(ins(&s, 0x20, 0x30, R, 0) == 0);
	CHECK(ins(&s, 0x38, 0x50, R, 0) == 0);
	CHECK(vma_find_gap(&s, 0x1000, lo, hi) == 0);
	vma_set_free(&s);
}

static void test_copy_is_deep(void)
{
	struct vma_set s, c;
	vma_set_init(&s);
	CHECK(vma_set_copy(&c, &s) == 0 && c.n == 0);
	vma_set_free(&c);
	CHECK(ins(&s, 1, 3, R, VMA_ANON) == 0);
	CHECK(ins(&s, 5, 9, RW, VMA_STACK) == 0);
	CHECK(vma_set_copy(&c, &s) == 0);
	CHECK(c.v != s.v && c.n == 2 && memcmp(c.v, s.v, 2 * sizeof(struct vma)) == 0);
	CHECK(vma_remove(&s, 0, 100 * PG) == 0);
	static const uint64_t kept[][4] = { { 1, 3, R, VMA_ANON }, { 5, 9, RW, VMA_STACK } };
	CHECK(set_is(&c, 2, kept));
	CHECK(ins(&c, 3, 5, R, VMA_ANON) == 0);   /* the copy is a working set */
	CHECK(c.n == 2 && c.v[0].end == 5 * PG);
	vma_set_free(&s);
	vma_set_free(&c);
	CHECK(live_allocations == 0);
}

static void test_thousand_ranges(void)
{
	struct vma_set s;
	vma_set_init(&s);
	/* Pages 2i: one-page ranges with holes between them, alternating protections. */
	for (int i = 999; i >= 0; i--)
		CHECK(ins(&s, 2 * (uint64_t)i + 1, 2 * (uint64_t)i + 2, i % 2 ? R : RW, 0) == 0);
	CHECK(s.n == 1000 && s.cap >= 1000);
	int wrong = 0;
	for (int i = 0; i < 1000; i++) {
		struct vma *v = vma_find(&s, (2 * (uint64_t)i + 1) * PG + 123);
		if (!v || v->start != (2 * (uint64_t)i + 1) * PG || v->prot != (uint32_t)(i % 2 ? R : RW))
			wrong++;
		if (vma_find(&s, 2 * (uint64_t)i * PG) != NULL)
			wrong++;
	}
	CHECK(wrong == 0);
	/* Filling the holes with a third protection keeps every range separate... */
	for (int i = 0; i < 1000; i++)
		CHECK(ins(&s, 2 * (uint64_t)i + 2, 2 * (uint64_t)i + 3, RX, 0) == 0);
	CHECK(s.n == 2000 && vma_covers(&s, PG, 2001 * PG));
	/* ...until one protection over everything merges them all. */
	CHECK(vma_protect(&s, PG, 2001 * PG, RW) == 0);
	CHECK(s.n == 1 && s.v[0].start == PG && s.v[0].end == 2001 * PG);
	vma_set_free(&s);
}

/* ---- random operations against a page-by-page model ---- */

#define MODEL_PAGES 6000
#define MODEL_BASE  16   /* page 0 of the model is page 16 of the address space */

struct page_model {
	uint8_t mapped[MODEL_PAGES];
	uint32_t prot[MODEL_PAGES];
	uint32_t flags[MODEL_PAGES];
};

static int random_oom_failures;   /* changes that failed for lack of memory */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

static uint64_t addr_of(int page)
{
	return (MODEL_BASE + (uint64_t)page) * PG;
}

/* The set must be sorted, disjoint, page-aligned, fully merged, and hold exactly the
 * model's pages. */
static int set_matches_model(const struct vma_set *s, const struct page_model *m)
{
	static struct page_model seen;
	memset(&seen, 0, sizeof(seen));
	for (int i = 0; i < s->n; i++) {
		const struct vma *v = &s->v[i];
		if (v->start >= v->end || v->start % PG || v->end % PG)
			return 0;
		if (i > 0 && (s->v[i - 1].end > v->start ||
			      (s->v[i - 1].end == v->start && s->v[i - 1].prot == v->prot &&
			       s->v[i - 1].flags == v->flags)))
			return 0;
		if (v->start < addr_of(0) || v->end > addr_of(MODEL_PAGES))
			return 0;
		for (uint64_t a = v->start; a < v->end; a += PG) {
			int p = (int)(a / PG - MODEL_BASE);
			seen.mapped[p] = 1;
			seen.prot[p] = v->prot;
			seen.flags[p] = v->flags;
		}
	}
	return memcmp(&seen, m, sizeof(seen)) == 0;
}

static int model_covered(const struct page_model *m, int a, int b)
{
	for (int p = a; p < b; p++)
		if (!m->mapped[p])
			return 0;
	return 1;
}

static int model_overlaps(const struct page_model *m, int a, int b)
{
	for (int p = a; p < b; p++)
		if (m->mapped[p])
			return 1;
	return 0;
}

/* Top-down search over model pages [a, b) for n free pages; -1 if none. */
static int model_gap(const struct page_model *m, int n, int a, int b)
{
	for (int start = b - n; start >= a; start--)
		if (!model_overlaps(m, start, start + n))
			return start;
	return -1;
}

/* One random operation, checked against the model. Returns 0 if something was wrong. */
static int random_step(struct vma_set *s, struct page_model *m)
{
	static const uint32_t prots[] = { R, RW, RX };
	int a = (int)rnd(MODEL_PAGES);
	int b = a + 1 + (int)rnd(a % 7 == 0 ? 40 : 6);
	if (b > MODEL_PAGES)
		b = MODEL_PAGES;
	uint32_t prot = prots[rnd(3)];
	uint32_t flags = rnd(4) ? VMA_ANON : VMA_ANON | VMA_HEAP;
	int op = (int)rnd(100);
	/* Failures matter most when the array is full: then a new range needs memory. */
	kmalloc_fails = s->n == s->cap ? rnd(2) == 0 : rnd(20) == 0;

	int before_n = s->n;
	struct vma *before_v = malloc((size_t)(s->n + 1) * sizeof(struct vma));
	if (s->n)
		memcpy(before_v, s->v, (size_t)s->n * sizeof(struct vma));

	int r, want;
	if (op < 50) {
		r = vma_insert(s, addr_of(a), addr_of(b), prot, flags);
		want = model_overlaps(m, a, b) ? -EEXIST : 0;
		if (r == 0 && want == 0)
			for (int p = a; p < b; p++)
				m->mapped[p] = 1, m->prot[p] = prot, m->flags[p] = flags;
	} else if (op < 70) {
		r = vma_remove(s, addr_of(a), addr_of(b));
		want = 0;
		if (r == 0)
			for (int p = a; p < b; p++)
				m->mapped[p] = 0, m->prot[p] = 0, m->flags[p] = 0;
	} else if (op < 95) {
		r = vma_protect(s, addr_of(a), addr_of(b), prot);
		want = model_covered(m, a, b) ? 0 : -ENOMEM;
		if (r == 0 && want == 0)
			for (int p = a; p < b; p++)
				m->prot[p] = prot;
	} else {
		struct vma_set c;
		r = vma_set_copy(&c, s);
		want = 0;
		if (r == 0) {
			vma_set_free(s);
			*s = c;
		} else if (c.n != 0 || c.v != NULL) {
			r = 1;   /* a failed copy must leave dst empty */
		}
	}
	int unchanged = s->n == before_n &&
			(s->n == 0 || memcmp(s->v, before_v, (size_t)s->n * sizeof(struct vma)) == 0);
	int ok = r == want;
	if (!ok && kmalloc_fails && r == -ENOMEM && unchanged) {
		ok = 1;
		random_oom_failures += op < 95;
	}
	kmalloc_fails = 0;
	free(before_v);

	/* Queries at random places. */
	int q = (int)rnd(MODEL_PAGES), qe = q + 1 + (int)rnd(30);
	if (qe > MODEL_PAGES)
		qe = MODEL_PAGES;
	struct vma *v = vma_find(s, addr_of(q) + rnd(PG));
	ok &= m->mapped[q] ? v && v->prot == m->prot[q] && v->flags == m->flags[q] : v == NULL;
	ok &= vma_overlaps(s, addr_of(q), addr_of(qe)) == model_overlaps(m, q, qe);
	ok &= vma_covers(s, addr_of(q), addr_of(qe)) == model_covered(m, q, qe);
	int npages = 1 + (int)rnd(8);
	int g = model_gap(m, npages, q, qe);
	ok &= vma_find_gap(s, (uint64_t)npages * PG - rnd(PG), addr_of(q), addr_of(qe)) ==
	      (g < 0 ? 0 : addr_of(g));
	return ok;
}

static void test_random_against_model(void)
{
	static struct page_model m;
	memset(&m, 0, sizeof(m));
	struct vma_set s;
	vma_set_init(&s);
	int bad_steps = 0, max_n = 0;
	for (int step = 0; step < 40000; step++) {
		if (!random_step(&s, &m))
			bad_steps++;
		if (step % 50 == 0 && !set_matches_model(&s, &m))
			bad_steps++;
		if (s.n > max_n)
			max_n = s.n;
	}
	CHECK(bad_steps == 0);
	CHECK(set_matches_model(&s, &m));
	CHECK(max_n >= 1000);   /* the test really exercised a large set */
	CHECK(random_oom_failures > 10);   /* ... and failed allocations in the middle of changes */
	vma_set_free(&s);
	CHECK(live_allocations == 0);
}

/* Ranges of a shared object hold one reference each through splits, merges, copies and
 * removal, and every page keeps its offset in the object. */
static void test_object_ranges(void)
{
	struct vma_set s, copy;
	struct vm_object a = { .refs = 1 }, b = { .refs = 1 };

	vma_set_init(&s);
	CHECK(vma_insert_obj(&s, 0, 8 * PG, RW, 0, &a, 0) == 0 && a.refs == 1);
	/* A hole: two ranges, the second from offset 3. */
	CHECK(vma_remove(&s, 2 * PG, 3 * PG) == 0);
	CHECK(s.n == 2 && a.refs == 2 && s.v[1].start == 3 * PG && s.v[1].pgoff == 3);
	/* A middle piece's protection: four ranges, then merged back to two. */
	CHECK(vma_protect(&s, 4 * PG, 6 * PG, R) == 0);
	CHECK(s.n == 4 && a.refs == 4 && s.v[2].pgoff == 4 && s.v[3].pgoff == 6);
	CHECK(vma_protect(&s, 4 * PG, 6 * PG, RW) == 0);
	CHECK(s.n == 2 && a.refs == 2 && s.v[1].pgoff == 3);
	/* The front of a range removed: the rest keeps its offsets. */
	CHECK(vma_remove(&s, 3 * PG, 4 * PG) == 0);
	CHECK(s.n == 2 && a.refs == 2 && s.v[1].start == 4 * PG && s.v[1].pgoff == 4);

	/* Another object right after, and private memory after that: no merging. */
	CHECK(vma_insert_obj(&s, 8 * PG, 10 * PG, RW, 0, &b, 0) == 0 && s.n == 3 && b.refs == 1);
	CHECK(ins(&s, 10, 11, RW, 0) == 0 && s.n == 4);
	/* Pages of the same object at other offsets: no merging either. */
	a.refs++;
	CHECK(vma_insert_obj(&s, 2 * PG, 4 * PG, RW, 0, &a, 6) == 0 && s.n == 5 && a.refs == 3);
	CHECK(vma_remove(&s, 2 * PG, 4 * PG) == 0 && s.n == 4 && a.refs == 2);

	CHECK(vma_set_copy(&copy, &s) == 0 && a.refs == 4 && b.refs == 2);
	vma_set_free(&copy);
	CHECK(a.refs == 2 && b.refs == 1);

	/* Offsets 2-3 put back where they were: [0, 8) is one range again. */
	a.refs++;
	CHECK(vma_insert_obj(&s, 2 * PG, 4 * PG, RW, 0, &a, 2) == 0);
	CHECK(s.n == 3 && a.refs == 1 && s.v[0].end == 8 * PG && s.v[0].pgoff == 0);
	vma_set_free(&s);
	CHECK(a.refs == 0 && b.refs == 0 && live_allocations == 0);
}

int main(void)
{
	TEST(test_insert_find_overlap_covers);
	TEST(test_insert_merges_equal_neighbours);
	TEST(test_remove_middle_splits);
	TEST(test_remove_across_ranges_and_holes);
	TEST(test_protect_splits_and_remerges);
	TEST(test_protect_over_hole_fails_unchanged);
	TEST(test_out_of_memory_changes_nothing);
	TEST(test_find_gap_top_down);
	TEST(test_copy_is_deep);
	TEST(test_thousand_ranges);
	TEST(test_random_against_model);
	TEST(test_object_ranges);
	return TESTS_DONE();
}
