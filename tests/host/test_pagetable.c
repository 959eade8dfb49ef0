/* Host tests for mm/pagetable.c over simulated physical memory (tests/host/sim_mem.c): an
 * allocation counter, an optional budget (to run out of memory on purpose), and any access
 * to a page that is not an allocated table aborts, so use-after-free shows up at once.
 * Leaves point at invented physical addresses that are never touched. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "mm/memlayout.h"
#include "mm/pagetable.h"
#include "tests/host/check.h"
#include "tests/host/host_printk.h"
#include "tests/host/sim_mem.h"

#define GIB GIGAPAGE_SIZE
#define MIB2 MEGAPAGE_SIZE
#define UPPER_HALF 0xffffffc000000000UL
#define HALF_SIZE  0x4000000000UL
#define PTE_LOW_BITS ((1UL << PTE_PPN_SHIFT) - 1)

static const struct pt_env env = { sim_pa_to_va, sim_alloc, sim_free, NULL, 0 };

/* Fresh simulated memory and an empty root. */
static uint64_t setup(void)
{
	sim_reset();
	return pt_create(&env);
}

/* Physical address va translates to, or 0 when unmapped. */
static uint64_t translate(uint64_t root, uint64_t va)
{
	int level;
	pte_t *pte = pt_walk(&env, root, va, &level);
	if (!pte)
		return 0;
	return PTE_TO_PA(*pte) + (va & (PT_LEVEL_SIZE(level) - 1));
}

struct leaf {
	uint64_t va;
	pte_t pte;
	int level;
};

#define MAX_LEAVES 4096

struct leaf_list {
	struct leaf leaf[MAX_LEAVES];
	int n;
	int per_level[PT_LEVELS];
};

static void record_leaf(void *arg, uint64_t va, pte_t *pte, int level)
{
	struct leaf_list *l = arg;
	if (l->n < MAX_LEAVES)
		l->leaf[l->n] = (struct leaf){ va, *pte, level };
	l->n++;
	l->per_level[level]++;
}

/* Every leaf of both halves, in address order. */
static void all_leaves(uint64_t root, struct leaf_list *l)
{
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, 0, HALF_SIZE, record_leaf, l);
	pt_for_each_leaf(&env, root, UPPER_HALF, HALF_SIZE, record_leaf, l);
}

/* The whole observable state: leaves, tables in the tree, table pages allocated. */
struct snapshot {
	struct leaf_list leaves;
	size_t tables;
	size_t allocated;
};

static void take_snapshot(uint64_t root, struct snapshot *s)
{
	all_leaves(root, &s->leaves);
	s->tables = pt_count_tables(&env, root);
	s->allocated = sim.allocated;
}

static bool same_state(uint64_t root, const struct snapshot *before)
{
	static struct snapshot now;
	int n = before->leaves.n < MAX_LEAVES ? before->leaves.n : MAX_LEAVES;
	take_snapshot(root, &now);
	return now.tables == before->tables && now.allocated == before->allocated &&
	       now.leaves.n == before->leaves.n &&
	       memcmp(now.leaves.leaf, before->leaves.leaf, n * sizeof(struct leaf)) == 0;
}

struct removed {
	uint64_t va, pa, size;
	pte_t pte;
};

struct removed_list {
	struct removed r[2048];
	int n;
	uint64_t bytes;
};

static void record_removed(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte)
{
	struct removed_list *l = arg;
	if (l->n < (int)(sizeof(l->r) / sizeof(l->r[0])))
		l->r[l->n] = (struct removed){ va, pa, size, pte };
	l->n++;
	l->bytes += size;
}

static void test_map_single_page(void)
{
	uint64_t root = setup();
	uint64_t va = 0x12345000, pa = 0x87654000;
	int level = -1;

	CHECK(root != 0 && pt_count_tables(&env, root) == 1);
	CHECK(pt_map(&env, root, va, pa, PAGE_SIZE, PTE_R | PTE_W | PTE_U, 2) == 0);
	pte_t *pte = pt_walk(&env, root, va + 0x123, &level);
	CHECK(pte && level == 0);
	CHECK(pte && *pte == (PA_TO_PTE(pa) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
	CHECK(translate(root, va + 0x123) == pa + 0x123);
	CHECK(pt_walk(&env, root, va + PAGE_SIZE, NULL) == NULL);
	CHECK(pt_walk(&env, root, va - PAGE_SIZE, NULL) == NULL);
	CHECK(pt_count_tables(&env, root) == 3 && sim.allocated == 3);

	/* Intermediate PTEs carry V only (section "Sv32": D, A, U reserved on non-leaves). */
	pte_t top = ((pte_t *)sim_pa_to_va(NULL, root))[(va >> 30) & 511];
	CHECK((top & PTE_LOW_BITS) == PTE_V);
	pte_t mid = ((pte_t *)sim_pa_to_va(NULL, PTE_TO_PA(top)))[(va >> 21) & 511];
	CHECK((mid & PTE_LOW_BITS) == PTE_V);

	/* The page-fault path: tables exist, so mapping another page allocates nothing. */
	size_t calls = sim.alloc_calls;
	CHECK(pt_map(&env, root, va + PAGE_SIZE, pa + 5 * PAGE_SIZE, PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(sim.alloc_calls == calls);
	pte = pt_walk(&env, root, va + PAGE_SIZE, NULL);
	CHECK(pte && *pte == (PA_TO_PTE(pa + 5 * PAGE_SIZE) | PTE_V | PTE_R | PTE_A));

	CHECK(pt_unmap(&env, root, va, 2 * PAGE_SIZE, NULL, NULL) == 0);
	CHECK(pt_walk(&env, root, va, NULL) == NULL);
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
}

static void test_leaf_size_choice(void)
{
	uint64_t root = setup();
	struct leaf_list *l = calloc(1, sizeof(*l));

	/* A 1 GiB-aligned gigabyte becomes one level-2 leaf. */
	CHECK(pt_map(&env, root, GIB, 2 * GIB, GIB, PTE_R | PTE_W, 2) == 0);
	all_leaves(root, l);
	CHECK(l->n == 1 && l->per_level[2] == 1 && pt_count_tables(&env, root) == 1);
	CHECK(translate(root, GIB + 0x12345678) == 2 * GIB + 0x12345678);

	/* max_level 1 caps it at 2 MiB leaves. */
	CHECK(pt_map(&env, root, 3 * GIB, 2 * GIB, GIB, PTE_R, 1) == 0);
	all_leaves(root, l);
	CHECK(l->per_level[1] == 512 && l->per_level[2] == 1 && pt_count_tables(&env, root) == 2);

	/* Edges of 4 KiB and 2 MiB around a gigabyte in the middle. */
	uint64_t va = 6 * GIB - MIB2 - PAGE_SIZE, size = GIB + 2 * MIB2 + 2 * PAGE_SIZE;
	uint64_t pa = va + 16 * GIB;
	CHECK(pt_map(&env, root, va, pa, size, PTE_R | PTE_X, 2) == 0);
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, va, size, record_leaf, l);
	CHECK(l->n == 5 && l->per_level[0] == 2 && l->per_level[1] == 2 && l->per_level[2] == 1);
	CHECK(l->leaf[0].va == va && l->leaf[0].level == 0);
	CHECK(l->leaf[1].va == 6 * GIB - MIB2 && l->leaf[1].level == 1);
	CHECK(l->leaf[2].va == 6 * GIB && l->leaf[2].level == 2);
	CHECK(l->leaf[3].va == 7 * GIB && l->leaf[3].level == 1);
	CHECK(l->leaf[4].va == 7 * GIB + MIB2 && l->leaf[4].level == 0);
	for (uint64_t off = 0; off < size; off += 0x1234567)
		CHECK(translate(root, va + off) == pa + off);
	CHECK(translate(root, va + size - 1) == pa + size - 1);
	CHECK(translate(root, va + size) == 0 && translate(root, va - 1) == 0);

	/* A pa that is only page-aligned forces 4 KiB leaves. */
	va = 10 * GIB;
	CHECK(pt_map(&env, root, va, va + PAGE_SIZE, MIB2, PTE_R, 2) == 0);
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, va, MIB2, record_leaf, l);
	CHECK(l->n == 512 && l->per_level[0] == 512);
	CHECK(translate(root, va + MIB2 - 8) == va + PAGE_SIZE + MIB2 - 8);

	CHECK(pt_unmap(&env, root, 0, HALF_SIZE, NULL, NULL) == 0);
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);
	pt_destroy(&env, root, NULL, NULL);
	free(l);
}

static void test_overlap_is_eexist(void)
{
	uint64_t root = setup();
	struct snapshot *before = calloc(1, sizeof(*before));

	CHECK(pt_map(&env, root, 0x400000, 0x40000000, MIB2, PTE_R | PTE_W, 2) == 0);
	CHECK(pt_map(&env, root, 2 * GIB + 0x5000, 0x5000, PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_map(&env, root, 4 * GIB, 4 * GIB, GIB, PTE_R, 2) == 0);
	take_snapshot(root, before);

	/* Ends inside the 2 MiB leaf. */
	CHECK(pt_map(&env, root, 0x3fe000, 0x1000000, 0x3000, PTE_R, 2) == -EEXIST);
	/* Starts in unmapped gigabytes needing new tables, ends on the 4 KiB page. */
	CHECK(pt_map(&env, root, 2 * GIB - 3 * MIB2 - PAGE_SIZE, 0x1000,
		     3 * MIB2 + 0x6000 + PAGE_SIZE, PTE_R, 2) == -EEXIST);
	/* Inside the 1 GiB leaf. */
	CHECK(pt_map(&env, root, 4 * GIB + 0x123000, 0x1000, PAGE_SIZE, PTE_R, 0) == -EEXIST);
	/* Exactly the same range again. */
	CHECK(pt_map(&env, root, 0x400000, 0x40000000, MIB2, PTE_R | PTE_W, 2) == -EEXIST);
	CHECK(same_state(root, before));

	/* The pages right next to the mappings are free. */
	CHECK(pt_map(&env, root, 0x3ff000, 0x1000, PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_map(&env, root, 0x600000, 0x1000, PAGE_SIZE, PTE_R, 0) == 0);
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
	free(before);
}

static void test_out_of_memory(void)
{
	uint64_t root = setup();
	struct snapshot *before = calloc(1, sizeof(*before));

	CHECK(pt_map(&env, root, 0x7000, 0x7000, PAGE_SIZE, PTE_R, 0) == 0);
	take_snapshot(root, before);

	/* [1 GiB, 1 GiB + 8 MiB) with a pa that forbids 2 MiB leaves: 1 level-1 table and
	 * 4 level-0 tables. Running out after 2 leaves nothing behind. */
	sim.budget = 2;
	CHECK(pt_map(&env, root, GIB, 0x1000, 4 * MIB2, PTE_R, 2) == -ENOMEM);
	CHECK(same_state(root, before));
	for (uint64_t off = 0; off < 4 * MIB2; off += PAGE_SIZE)
		CHECK(pt_walk(&env, root, GIB + off, NULL) == NULL);

	/* One short of enough. */
	sim.budget = 4;
	CHECK(pt_map(&env, root, GIB, 0x1000, 4 * MIB2, PTE_R, 2) == -ENOMEM);
	CHECK(same_state(root, before));

	sim.budget = 5;
	CHECK(pt_map(&env, root, GIB, 0x1000, 4 * MIB2, PTE_R, 2) == 0);
	CHECK(sim.budget == 0 && pt_count_tables(&env, root) == 3 + 5);
	CHECK(translate(root, GIB + 4 * MIB2 - PAGE_SIZE) == 4 * MIB2);

	/* pt_create reports running out too. */
	CHECK(pt_create(&env) == 0);
	sim.budget = -1;
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
	free(before);
}

static void test_unmap_splits_2m_leaf(void)
{
	uint64_t root = setup();
	uint64_t va = 0x200000, pa = 0x40000000;
	struct removed_list *removed = calloc(1, sizeof(*removed));
	int level;

	CHECK(pt_map(&env, root, va, pa, MIB2, PTE_R | PTE_W | PTE_U, 2) == 0);
	CHECK(pt_walk(&env, root, va, &level) && level == 1);
	CHECK(pt_unmap(&env, root, va + 0x3000, 0x2000, record_removed, removed) == 0);

	CHECK(removed->n == 2 && removed->bytes == 0x2000);
	CHECK(removed->r[0].va == va + 0x3000 && removed->r[0].pa == pa + 0x3000);
	CHECK(removed->r[1].va == va + 0x4000 && removed->r[1].pa == pa + 0x4000);
	CHECK(removed->r[0].size == PAGE_SIZE && removed->r[1].size == PAGE_SIZE);
	CHECK(removed->r[0].pte == (PA_TO_PTE(pa + 0x3000) | PTE_V | PTE_R | PTE_W | PTE_U |
				    PTE_A | PTE_D));

	CHECK(pt_walk(&env, root, va + 0x3000, NULL) == NULL);
	CHECK(pt_walk(&env, root, va + 0x4fff, NULL) == NULL);
	for (uint64_t off = 0; off < MIB2; off += PAGE_SIZE) {
		if (off == 0x3000 || off == 0x4000)
			continue;
		pte_t *pte = pt_walk(&env, root, va + off, &level);
		CHECK(pte && level == 0 && *pte == (PA_TO_PTE(pa + off) | PTE_V | PTE_R | PTE_W |
						    PTE_U | PTE_A | PTE_D));
	}
	CHECK(pt_count_tables(&env, root) == 3 && sim.allocated == 3);

	/* Removing the rest empties and frees the level-0 and level-1 tables. */
	removed->n = 0;
	CHECK(pt_unmap(&env, root, va, MIB2, record_removed, removed) == 0);
	CHECK(removed->n == 510);
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);
	pt_destroy(&env, root, NULL, NULL);
	free(removed);
}

static void test_unmap_splits_1g_leaf(void)
{
	uint64_t root = setup();
	struct leaf_list *l = calloc(1, sizeof(*l));
	struct snapshot *before = calloc(1, sizeof(*before));

	/* Both edges in the same 2 MiB piece: one level-1 and one level-0 table. */
	CHECK(pt_map(&env, root, GIB, 3 * GIB, GIB, PTE_R | PTE_X, 2) == 0);
	CHECK(pt_unmap(&env, root, GIB + MIB2 + 0x1000, 0x1000, NULL, NULL) == 0);
	CHECK(sim.allocated == 3 && pt_count_tables(&env, root) == 3);
	all_leaves(root, l);
	CHECK(l->per_level[1] == 511 && l->per_level[0] == 511 && l->per_level[2] == 0);
	CHECK(translate(root, GIB + MIB2 + 0x1000) == 0);
	CHECK(translate(root, GIB + MIB2 + 0x2008) == 3 * GIB + MIB2 + 0x2008);
	CHECK(translate(root, GIB + 0x10) == 3 * GIB + 0x10);
	CHECK(translate(root, 2 * GIB - 1) == 4 * GIB - 1);

	/* Edges in different 2 MiB pieces of another gigabyte: 1 + 2 tables. */
	uint64_t start = 8 * GIB + 2 * MIB2 - PAGE_SIZE, end = 8 * GIB + 4 * MIB2 + PAGE_SIZE;
	CHECK(pt_map(&env, root, 8 * GIB, 8 * GIB, GIB, PTE_R, 2) == 0);
	CHECK(pt_unmap(&env, root, start, end - start, NULL, NULL) == 0);
	CHECK(sim.allocated == 6 && pt_count_tables(&env, root) == 6);
	CHECK(translate(root, start - 1) == start - 1);
	CHECK(translate(root, start) == 0 && translate(root, 8 * GIB + 3 * MIB2) == 0);
	CHECK(translate(root, end - 1) == 0);
	CHECK(translate(root, end) == end && translate(root, 9 * GIB - 1) == 9 * GIB - 1);

	/* Not enough tables for a split: nothing changes. */
	CHECK(pt_map(&env, root, 16 * GIB, 16 * GIB, GIB, PTE_R, 2) == 0);
	take_snapshot(root, before);
	sim.budget = 1;
	CHECK(pt_unmap(&env, root, 16 * GIB + 0x5000, PAGE_SIZE, NULL, NULL) == -ENOMEM);
	CHECK(same_state(root, before));
	sim.budget = -1;

	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
	free(l);
	free(before);
}

static void test_tables_freed_when_empty(void)
{
	uint64_t root = setup();
	uint64_t pages[] = { 0x1000, 0x3ff000, 0x400000, GIB + 0x5000, 37 * GIB + 0x200000,
			     HALF_SIZE - PAGE_SIZE };
	size_t n = sizeof(pages) / sizeof(pages[0]);

	for (size_t i = 0; i < n; i++)
		CHECK(pt_map(&env, root, pages[i], pages[i], PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_count_tables(&env, root) == 1 + 4 + 6 && sim.allocated == 11);

	/* Page by page, in an order that empties tables at different times. */
	for (size_t i = n; i-- > 0;)
		CHECK(pt_unmap(&env, root, pages[i], PAGE_SIZE, NULL, NULL) == 0);
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);

	/* A big unmap over many holes does the same. */
	for (size_t i = 0; i < n; i++)
		CHECK(pt_map(&env, root, pages[i], pages[i], PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_unmap(&env, root, 0, HALF_SIZE, NULL, NULL) == 0);
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);

	/* A partial unmap frees only what became empty. */
	CHECK(pt_map(&env, root, 0, 0, 4 * PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_unmap(&env, root, PAGE_SIZE, 2 * PAGE_SIZE, NULL, NULL) == 0);
	CHECK(pt_count_tables(&env, root) == 3 && sim.allocated == 3);
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
}

static void test_on_leaf_sees_each_leaf_once(void)
{
	uint64_t root = setup();
	struct leaf_list *l = calloc(1, sizeof(*l));
	struct removed_list *removed = calloc(1, sizeof(*removed));
	uint64_t va = 6 * GIB - MIB2 - PAGE_SIZE, size = GIB + 2 * MIB2 + 2 * PAGE_SIZE;

	CHECK(pt_map(&env, root, va, va + 16 * GIB, size, PTE_R | PTE_W, 2) == 0);
	CHECK(pt_map(&env, root, 0x10000, 0x10000, 0x30000, PTE_R, 0) == 0);
	CHECK(pt_map(&env, root, 12 * GIB, 0x80000000, 2 * MIB2, PTE_R, 1) == 0);
	all_leaves(root, l);
	CHECK(l->n == 5 + 0x30 + 2);

	CHECK(pt_unmap(&env, root, 0, 20 * GIB, record_removed, removed) == 0);
	CHECK(removed->n == l->n);
	CHECK(removed->bytes == size + 0x30000 + 2 * MIB2);
	for (int i = 0; i < l->n; i++) {
		int seen = 0;
		for (int j = 0; j < removed->n; j++) {
			const struct removed *r = &removed->r[j];
			if (r->va == l->leaf[i].va && r->pte == l->leaf[i].pte &&
			    r->pa == PTE_TO_PA(l->leaf[i].pte) &&
			    r->size == PT_LEVEL_SIZE(l->leaf[i].level))
				seen++;
		}
		CHECK(seen == 1);
	}
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 1);
	pt_destroy(&env, root, NULL, NULL);
	free(l);
	free(removed);
}

static void test_protect(void)
{
	uint64_t root = setup();
	uint64_t va = 0x600000, pa = 0x10000000;
	int level;

	CHECK(pt_map(&env, root, va, pa, MIB2, PTE_R | PTE_W | PTE_U, 2) == 0);
	CHECK(pt_protect(&env, root, va + 0x1000, 0x2000, PTE_R | PTE_U | PTE_COW) == 0);
	for (uint64_t off = 0; off < MIB2; off += PAGE_SIZE) {
		pte_t *pte = pt_walk(&env, root, va + off, &level);
		bool inside = off == 0x1000 || off == 0x2000;
		pte_t perm = inside ? PTE_R | PTE_U | PTE_COW : PTE_R | PTE_W | PTE_U;
		/* D stays from the writable mapping; A is kept. */
		CHECK(pte && level == 0 &&
		      *pte == (PA_TO_PTE(pa + off) | PTE_V | PTE_A | PTE_D | perm));
	}

	/* Holes are skipped, not filled; making a page writable sets D. */
	CHECK(pt_map(&env, root, 0x800000, 0x1000, PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(pt_map(&env, root, 0x802000, 0x3000, PAGE_SIZE, PTE_X, 0) == 0);
	CHECK(pt_protect(&env, root, 0x800000, 0x5000, PTE_R | PTE_W | PTE_X) == 0);
	CHECK(pt_walk(&env, root, 0x801000, NULL) == NULL);
	CHECK(pt_walk(&env, root, 0x803000, NULL) == NULL);
	CHECK(pt_walk(&env, root, 0x804000, NULL) == NULL);
	pte_t *pte = pt_walk(&env, root, 0x800000, NULL);
	CHECK(pte && *pte == (PA_TO_PTE(0x1000) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D));
	pte = pt_walk(&env, root, 0x802000, NULL);
	CHECK(pte && *pte == (PA_TO_PTE(0x3000) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D));

	/* A whole 1 GiB leaf inside the range keeps its size. */
	CHECK(pt_map(&env, root, GIB, 0, GIB, PTE_R, 2) == 0);
	CHECK(pt_protect(&env, root, GIB, GIB, PTE_R | PTE_X) == 0);
	pte = pt_walk(&env, root, GIB + 0x1234, &level);
	CHECK(pte && level == 2 && (*pte & (PTE_R | PTE_W | PTE_X)) == (PTE_R | PTE_X));

	CHECK(pt_protect(&env, root, va, PAGE_SIZE, PTE_W) == -EINVAL);
	CHECK(pt_protect(&env, root, va, PAGE_SIZE, 0) == -EINVAL);
	CHECK(pt_protect(&env, root, va, PAGE_SIZE, PTE_R | PTE_D) == -EINVAL);
	CHECK(pt_protect(&env, root, va + 1, PAGE_SIZE, PTE_R) == -EINVAL);
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
}

static void set_cow(void *arg, uint64_t va, pte_t *pte, int level)
{
	(void)arg;
	(void)va;
	(void)level;
	*pte |= PTE_COW;
}

static void test_for_each_leaf(void)
{
	uint64_t root = setup();
	struct leaf_list *l = calloc(1, sizeof(*l));

	CHECK(pt_map(&env, root, 0x1000, 0x1000, 0x3000, PTE_R, 0) == 0);
	CHECK(pt_map(&env, root, 0x600000, 0x600000, MIB2, PTE_R, 1) == 0);
	CHECK(pt_map(&env, root, 3 * GIB, 3 * GIB, GIB, PTE_R, 2) == 0);

	pt_for_each_leaf(&env, root, 0, 4 * GIB, record_leaf, l);
	CHECK(l->n == 5 && l->per_level[0] == 3 && l->per_level[1] == 1 && l->per_level[2] == 1);
	CHECK(l->leaf[0].va == 0x1000 && l->leaf[2].va == 0x3000 && l->leaf[3].va == 0x600000 &&
	      l->leaf[4].va == 3 * GIB);

	/* A sub-range sees the leaves that overlap it, big ones with their own start. */
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, 0x2000, 0x700000 - 0x2000, record_leaf, l);
	CHECK(l->n == 3 && l->leaf[0].va == 0x2000 && l->leaf[2].va == 0x600000);
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, 3 * GIB + 0x5000, PAGE_SIZE, record_leaf, l);
	CHECK(l->n == 1 && l->leaf[0].va == 3 * GIB && l->leaf[0].level == 2);
	memset(l, 0, sizeof(*l));
	pt_for_each_leaf(&env, root, 0x5000, 0x100000, record_leaf, l);
	CHECK(l->n == 0);

	/* fn may edit the PTE in place. */
	pt_for_each_leaf(&env, root, 0, 4 * GIB, set_cow, NULL);
	CHECK((*pt_walk(&env, root, 0x2000, NULL) & PTE_COW) != 0);
	CHECK((*pt_walk(&env, root, 3 * GIB + 0x1000, NULL) & PTE_COW) != 0);

	int count = host_printk_count;
	pt_for_each_leaf(&env, root, 0x1001, PAGE_SIZE, record_leaf, l);
	CHECK(host_printk_count == count + 1);
	pt_destroy(&env, root, NULL, NULL);
	free(l);
}

static void test_destroy_keeps_shared_upper_half(void)
{
	uint64_t root = setup();
	struct removed_list *removed = calloc(1, sizeof(*removed));

	/* A kernel table shared by every root, with a leaf in it. */
	uint64_t shared = sim_alloc(NULL);
	pte_t *shared_entries = sim_pa_to_va(NULL, shared);
	shared_entries[0] = PA_TO_PTE(0x80200000) | PTE_V | PTE_R | PTE_X | PTE_A | PTE_G;
	((pte_t *)sim_pa_to_va(NULL, root))[510] = PA_TO_PTE(shared) | PTE_V;
	CHECK(translate(root, KERNEL_VBASE + 0x10) == 0x80200010);

	CHECK(pt_map(&env, root, 0x10000, 0x10000, 0x3000, PTE_R | PTE_U, 0) == 0);
	CHECK(pt_map(&env, root, GIB, 0, GIB, PTE_R | PTE_U, 2) == 0);
	CHECK(pt_map(&env, root, 5 * GIB, 0, 2 * MIB2, PTE_R | PTE_U, 1) == 0);
	CHECK(pt_map(&env, root, HALF_SIZE - PAGE_SIZE, 0, PAGE_SIZE, PTE_R | PTE_U, 0) == 0);
	CHECK(pt_count_tables(&env, root) == 1 + 2 + 1 + 2);
	CHECK(sim.allocated == 1 + 6);

	pt_destroy(&env, root, record_removed, removed);
	CHECK(removed->n == 3 + 1 + 2 + 1);
	CHECK(removed->bytes == 0x3000 + GIB + 2 * MIB2 + PAGE_SIZE);
	for (int i = 0; i < removed->n; i++)
		CHECK(removed->r[i].va < HALF_SIZE);
	CHECK(sim.allocated == 1 && sim_is_allocated(shared));
	CHECK(shared_entries[0] == (PA_TO_PTE(0x80200000) | PTE_V | PTE_R | PTE_X | PTE_A |
				    PTE_G));
	free(removed);
}

static void test_upper_half(void)
{
	uint64_t root = setup();
	struct leaf_list *l = calloc(1, sizeof(*l));

	/* Direct map with gigapages, kernel image with megapages. */
	CHECK(pt_map(&env, root, DIRECT_MAP_BASE, 0x80000000, 2 * GIB, PTE_R | PTE_W | PTE_G,
		     2) == 0);
	CHECK(pt_map(&env, root, KERNEL_VBASE, 0x80200000, 2 * MIB2, PTE_R | PTE_X | PTE_G,
		     2) == 0);
	CHECK(translate(root, DIRECT_MAP_BASE + 0x1234) == 0x80001234);
	CHECK(translate(root, DIRECT_MAP_BASE + 2 * GIB - 1) == 0x80000000 + 2 * GIB - 1);
	CHECK(translate(root, KERNEL_VBASE + MIB2 + 8) == 0x80200000 + MIB2 + 8);
	all_leaves(root, l);
	CHECK(l->n == 4 && l->per_level[2] == 2 && l->per_level[1] == 2);
	CHECK(l->leaf[0].va == DIRECT_MAP_BASE && l->leaf[3].va == KERNEL_VBASE + MIB2);
	/* Upper-half tables are shared kernel tables: not counted. */
	CHECK(pt_count_tables(&env, root) == 1 && sim.allocated == 2);

	/* The very last page of the address space; a range ending at 2^64. */
	CHECK(pt_map(&env, root, 0xfffffffffffff000, 0x9000, PAGE_SIZE, PTE_R, 0) == 0);
	CHECK(translate(root, 0xffffffffffffffff) == 0x9fff);
	CHECK(pt_unmap(&env, root, 0xffffffffc0000000, 0x40000000, NULL, NULL) == 0);
	CHECK(pt_walk(&env, root, 0xfffffffffffff000, NULL) == NULL);

	/* The table right below the root stays even when empty: process roots share it. */
	CHECK(pt_unmap(&env, root, KERNEL_VBASE, 2 * MIB2, NULL, NULL) == 0);
	CHECK(translate(root, KERNEL_VBASE) == 0);
	CHECK(sim.allocated == 3);
	CHECK(pt_map(&env, root, KERNEL_VBASE, 0x80200000, PAGE_SIZE, PTE_R, 2) == 0);
	CHECK(sim.allocated == 4);

	/* Splitting a direct-map gigapage works the same as below. */
	CHECK(pt_unmap(&env, root, DIRECT_MAP_BASE + GIB + MIB2, PAGE_SIZE, NULL, NULL) == 0);
	CHECK(translate(root, DIRECT_MAP_BASE + GIB + MIB2) == 0);
	CHECK(translate(root, DIRECT_MAP_BASE + GIB + MIB2 + PAGE_SIZE) ==
	      0x80000000 + GIB + MIB2 + PAGE_SIZE);
	CHECK(translate(root, DIRECT_MAP_BASE + 0x5000) == 0x80005000);
	free(l);
}

static void test_invalid_arguments(void)
{
	uint64_t root = setup();
	struct snapshot *before = calloc(1, sizeof(*before));
	uint64_t rw = PTE_R | PTE_W;

	CHECK(pt_map(&env, root, 0x1000, 0x1000, PAGE_SIZE, PTE_R, 0) == 0);
	take_snapshot(root, before);

	CHECK(pt_map(&env, root, 0x1800, 0x2000, PAGE_SIZE, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2800, PAGE_SIZE, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, 0x800, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, 0, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, PTE_W, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, PTE_W | PTE_X, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, PTE_U, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, PTE_R | PTE_A, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, rw, 3) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, 0x2000, PAGE_SIZE, rw, -1) == -EINVAL);
	/* Not canonical, or running from one half across the hole. */
	CHECK(pt_map(&env, root, HALF_SIZE, 0x2000, PAGE_SIZE, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x8000000000000000, 0x2000, PAGE_SIZE, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, HALF_SIZE - PAGE_SIZE, 0x2000, 2 * PAGE_SIZE, rw, 0) ==
	      -EINVAL);
	CHECK(pt_map(&env, root, 0xfffffffffffff000, 0x2000, 2 * PAGE_SIZE, rw, 0) == -EINVAL);
	/* pa beyond 56 bits. */
	CHECK(pt_map(&env, root, 0x2000, 1UL << 56, PAGE_SIZE, rw, 0) == -EINVAL);
	CHECK(pt_map(&env, root, 0x2000, (1UL << 56) - PAGE_SIZE, 2 * PAGE_SIZE, rw, 0) ==
	      -EINVAL);

	CHECK(pt_unmap(&env, root, 0x1800, PAGE_SIZE, NULL, NULL) == -EINVAL);
	CHECK(pt_unmap(&env, root, 0x1000, 0, NULL, NULL) == -EINVAL);
	CHECK(pt_unmap(&env, root, HALF_SIZE, PAGE_SIZE, NULL, NULL) == -EINVAL);
	CHECK(pt_unmap(&env, root, 0, HALF_SIZE + PAGE_SIZE, NULL, NULL) == -EINVAL);
	CHECK(pt_protect(&env, root, 0x1000, 0x1800, PTE_R) == -EINVAL);
	CHECK(pt_protect(&env, root, HALF_SIZE, PAGE_SIZE, PTE_R) == -EINVAL);
	CHECK(pt_walk(&env, root, HALF_SIZE + 0x1000, NULL) == NULL);
	CHECK(same_state(root, before));
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
	free(before);
}

/* The fault path's walk: creates the missing tables once, finds the same slot again,
 * refuses upper-half addresses, addresses under a larger leaf and exhausted memory.
 * It runs with the direct-offset form of the environment, as the kernel does. */
static void test_walk_alloc(void)
{
	uint64_t root = setup();
	const struct pt_env direct = { NULL, sim_alloc, sim_free, NULL, DIRECT_MAP_BASE };
	uint64_t va = 0x12345000;

	pte_t *slot = pt_walk_alloc(&direct, root, va);
	CHECK(slot != NULL && *slot == 0);
	CHECK(sim.allocated == 3);   /* root, level 1, level 0 */
	*slot = pt_leaf(0x80000000, PTE_R | PTE_W | PTE_U);
	CHECK(pt_walk(&env, root, va, NULL) == slot);
	CHECK(translate(root, va + 0x10) == 0x80000010);
	CHECK((*slot & (PTE_A | PTE_D | PTE_V)) == (PTE_A | PTE_D | PTE_V));
	CHECK(pt_walk_alloc(&direct, root, va) == slot);
	CHECK(pt_walk_alloc(&direct, root, va + PAGE_SIZE) == slot + 1);
	CHECK(sim.allocated == 3);

	CHECK(pt_walk_alloc(&direct, root, UPPER_HALF) == NULL);
	CHECK(pt_map(&env, root, 0x40000000, 0x90000000, MEGAPAGE_SIZE, PTE_R | PTE_U, 1) == 0);
	CHECK(pt_walk_alloc(&direct, root, 0x40001000) == NULL);
	sim.budget = 0;
	CHECK(pt_walk_alloc(&direct, root, 0x7000000000UL >> 2) == NULL);
	sim.budget = -1;
	pt_destroy(&env, root, NULL, NULL);
	CHECK(sim.allocated == 0);
}

/* A PROT_NONE leaf has V clear but is a present leaf to every operation: found by walks,
 * in the way of new mappings, changed by pt_protect, reported when unmapped, and it keeps
 * its table from being freed. */
static void test_prot_none_leaf(void)
{
	uint64_t root = setup();
	struct removed_list *removed = calloc(1, sizeof(*removed));
	uint64_t va = 0x10000, pa = 0x7000;

	CHECK(pt_map(&env, root, va, pa, PAGE_SIZE, PTE_NONE | PTE_R, 0) == 0);
	pte_t *pte = pt_walk(&env, root, va, NULL);
	CHECK(pte && *pte == (PA_TO_PTE(pa) | PTE_NONE | PTE_R | PTE_A));
	CHECK(translate(root, va) == pa);
	CHECK(pt_map(&env, root, va, pa, PAGE_SIZE, PTE_R | PTE_U, 0) == -EEXIST);
	CHECK(pt_count_tables(&env, root) == 3);

	CHECK(pt_protect(&env, root, va, PAGE_SIZE, PTE_R | PTE_W | PTE_U) == 0);
	CHECK(*pte == (PA_TO_PTE(pa) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
	CHECK(pt_protect(&env, root, va, PAGE_SIZE, PTE_NONE | PTE_R) == 0);
	CHECK(!(*pte & PTE_V) && (*pte & PTE_NONE) && PTE_TO_PA(*pte) == pa);

	struct leaf_list *l = calloc(1, sizeof(*l));
	all_leaves(root, l);
	CHECK(l->n == 1 && l->leaf[0].va == va);
	free(l);

	CHECK(pt_unmap(&env, root, va, PAGE_SIZE, record_removed, removed) == 0);
	CHECK(removed->n == 1 && removed->r[0].pa == pa && (removed->r[0].pte & PTE_NONE));
	CHECK(pt_count_tables(&env, root) == 1);

	CHECK(pt_map(&env, root, va, pa, PAGE_SIZE, PTE_NONE | PTE_R, 0) == 0);
	pt_destroy(&env, root, record_removed, removed);
	CHECK(removed->n == 2 && sim.allocated == 0);
	free(removed);
}

int main(void)
{
	TEST(test_map_single_page);
	TEST(test_leaf_size_choice);
	TEST(test_overlap_is_eexist);
	TEST(test_out_of_memory);
	TEST(test_unmap_splits_2m_leaf);
	TEST(test_unmap_splits_1g_leaf);
	TEST(test_tables_freed_when_empty);
	TEST(test_on_leaf_sees_each_leaf_once);
	TEST(test_protect);
	TEST(test_for_each_leaf);
	TEST(test_destroy_keeps_shared_upper_half);
	TEST(test_upper_half);
	TEST(test_invalid_arguments);
	TEST(test_walk_alloc);
	TEST(test_prot_none_leaf);
	return TESTS_DONE();
}
