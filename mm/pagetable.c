/* Sv39 page tables (RISC-V privileged spec, section "Sv39: Page-Based 39-bit Virtual-Memory
 * System"; the PTE format and walk are those of section "Sv32", widened).
 *
 * Every change is done in two steps so that it never fails half-way: first a read-only
 * pass checks the range and counts the table pages the change needs, those pages are
 * allocated up front (a "pool"), and only then is the tree modified, taking tables from
 * the pool. A failure therefore happens before anything is touched.
 *
 * Ranges are given as [va, last] internally (last = va + size - 1), so a range that ends
 * at the very top of the address space needs no special case.
 *
 * Shared kernel tables: process roots copy the upper-half root entries of the kernel root,
 * so the tables right below the root in the upper half are never freed by pt_unmap, even
 * when they become empty (freeing one would leave dangling entries in every process). */
#include <stdbool.h>
#include "abi/errno.h"
#include "kernel/printk.h"
#include "mm/memlayout.h"
#include "mm/pagetable.h"

#define ROOT_LEVEL (PT_LEVELS - 1)
/* Sv39 physical addresses have 56 bits (section "Sv39"). */
#define PA_LIMIT (1UL << 56)
#define PTE_FLAGS_MASK ((1UL << PTE_PPN_SHIFT) - 1)

/* VPN[level] of va: the index of its entry in a table at that level. */
static unsigned vpn(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

static pte_t *table_at(const struct pt_env *env, uint64_t pa)
{
	if (!env->pa_to_va)
		return (pte_t *)(pa + env->va_offset);
	return env->pa_to_va(env->ctx, pa);
}

/* A present PTE with R, W or X set is a leaf; with all three clear it points to the next
 * level (section "Sv32", table "Encoding of PTE R/W/X fields"). PROT_NONE leaves keep R. */
static bool is_leaf(pte_t pte)
{
	return pte & (PTE_R | PTE_W | PTE_X);
}

/* Sv39 addresses must have bits 63..39 equal to bit 38 (section "Sv39"). */
static bool is_canonical(uint64_t va)
{
	int64_t top = (int64_t)va >> 38;
	return top == 0 || top == -1;
}

static bool is_upper_half(uint64_t va)
{
	return va >> 63;
}

static bool is_aligned(uint64_t x, int level)
{
	return (x & (PT_LEVEL_SIZE(level) - 1)) == 0;
}

/* Last address of the level-sized slot holding va, capped at last. */
static uint64_t slot_last(uint64_t va, uint64_t last, int level)
{
	uint64_t end = va | (PT_LEVEL_SIZE(level) - 1);
	return end < last ? end : last;
}

/* [va, va + size) must be non-empty, page-aligned and inside one canonical half. */
static int check_range(uint64_t va, uint64_t size)
{
	uint64_t last = va + size - 1;

	if (size == 0 || !is_aligned(va | size, 0) || last < va)
		return -EINVAL;
	if (!is_canonical(va) || !is_canonical(last) || is_upper_half(va) != is_upper_half(last))
		return -EINVAL;
	return 0;
}

/* A leaf needs R or X (all clear means "pointer"); W without R is reserved. */
static bool is_valid_perm(uint64_t perm)
{
	if (perm & ~PTE_PERM_MASK)
		return false;
	if (!(perm & (PTE_R | PTE_X)))
		return false;
	return !(perm & PTE_W) || (perm & PTE_R);
}


/* Table pages allocated before a change starts, chained through their first word. */
struct table_pool {
	const struct pt_env *env;
	uint64_t head;
};

static uint64_t pool_take(struct table_pool *pool)
{
	uint64_t pa = pool->head;
	uint64_t *link = (uint64_t *)table_at(pool->env, pa);

	pool->head = *link;
	*link = 0;
	return pa;
}

static int pool_fill(struct table_pool *pool, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		uint64_t pa = pool->env->alloc_table(pool->env->ctx);
		if (!pa) {
			while (pool->head)
				pool->env->free_table(pool->env->ctx, pool_take(pool));
			return -ENOMEM;
		}
		*(uint64_t *)table_at(pool->env, pa) = pool->head;
		pool->head = pa;
	}
	return 0;
}

uint64_t pt_create(const struct pt_env *env)
{
	return env->alloc_table(env->ctx);
}

pte_t *pt_walk(const struct pt_env *env, uint64_t root, uint64_t va, int *level)
{
	uint64_t table = root;

	if (!is_canonical(va))
		return NULL;
	for (int l = ROOT_LEVEL; l >= 0; l--) {
		pte_t *pte = &table_at(env, table)[vpn(va, l)];
		if (!(*pte & PTE_PRESENT))
			return NULL;
		if (is_leaf(*pte)) {
			if (level)
				*level = l;
			return pte;
		}
		table = PTE_TO_PA(*pte);
	}
	return NULL;
}

pte_t *pt_walk_alloc(const struct pt_env *env, uint64_t root, uint64_t va)
{
	pte_t *table = table_at(env, root);

	if (!is_canonical(va) || is_upper_half(va))
		return NULL;
	for (int l = ROOT_LEVEL; l > 0; l--) {
		pte_t *pte = &table[vpn(va, l)];
		if (!(*pte & PTE_PRESENT)) {
			uint64_t pa = env->alloc_table(env->ctx);
			if (!pa)
				return NULL;
			/* Released: a hart walking without the page-table lock (pt_leaf_table
			 * under a shared address-space lock, or the MMU) that sees the entry
			 * sees the table's zeros too. */
			__atomic_store_n(pte, PA_TO_PTE(pa) | PTE_V, __ATOMIC_RELEASE);
		} else if (is_leaf(*pte)) {
			return NULL;
		}
		table = table_at(env, PTE_TO_PA(*pte));
	}
	return &table[vpn(va, 0)];
}

pte_t *pt_leaf_table(const struct pt_env *env, uint64_t root, uint64_t va)
{
	pte_t *table = table_at(env, root);

	if (!is_canonical(va))
		return NULL;
	for (int l = ROOT_LEVEL; l > 0; l--) {
		/* One load of each entry: pt_walk_alloc on another hart may be adding it. */
		pte_t pte = __atomic_load_n(&table[vpn(va, l)], __ATOMIC_RELAXED);
		if (!(pte & PTE_PRESENT) || is_leaf(pte))
			return NULL;
		table = table_at(env, PTE_TO_PA(pte));
	}
	return table;
}

struct map_op {
	const struct pt_env *env;
	uint64_t pa_minus_va;   /* pa of a page = its va + this (mod 2^64) */
	uint64_t perm;
	int max_level;
	bool dry_run;           /* only check for overlaps and count the tables needed */
	size_t tables_needed;
	struct table_pool pool;
};

/* Maps [va, last] below the table at level `level` (table == 0: it does not exist yet,
 * which only a dry run sees). Existing tables are descended into, so leaves are placed
 * only in empty slots. */
static int map_range(struct map_op *op, uint64_t table, int level, uint64_t va, uint64_t last)
{
	pte_t *entries = table ? table_at(op->env, table) : NULL;

	/* A leaf table (existing: a new one is never visited): each page is a leaf, in the
	 * one table [va, last] lies in, or taken already. The loop below spent about 15
	 * instructions a page on this, twice (the dry run, then the mapping): the kernel's
	 * final tables at boot place about 1,600 pages so. */
	if (level == 0) {
		uint64_t pa = va + op->pa_minus_va;
		for (unsigned i = vpn(va, 0); i <= vpn(last, 0); i++, pa += PAGE_SIZE) {
			if (entries[i] & PTE_PRESENT)
				return -EEXIST;
			if (!op->dry_run)
				entries[i] = pt_leaf(pa, op->perm);
		}
		return 0;
	}
	for (;;) {
		uint64_t chunk_last = slot_last(va, last, level);
		pte_t *pte = entries ? &entries[vpn(va, level)] : NULL;
		uint64_t pa = va + op->pa_minus_va;
		int err = 0;

		if (pte && (*pte & PTE_PRESENT)) {
			if (is_leaf(*pte))
				return -EEXIST;
			err = map_range(op, PTE_TO_PA(*pte), level - 1, va, chunk_last);
		} else if (level <= op->max_level && is_aligned(va | pa, level) &&
			   chunk_last - va == PT_LEVEL_SIZE(level) - 1) {
			if (!op->dry_run)
				*pte = pt_leaf(pa, op->perm);
		} else if (op->dry_run) {
			op->tables_needed++;
			/* A new level-0 table holds no leaves yet: nothing to check in it. */
			if (level > 1)
				err = map_range(op, 0, level - 1, va, chunk_last);
		} else {
			uint64_t child = pool_take(&op->pool);
			*pte = PA_TO_PTE(child) | PTE_V;
			err = map_range(op, child, level - 1, va, chunk_last);
		}
		if (err)
			return err;
		if (chunk_last == last)
			return 0;
		va = chunk_last + 1;
	}
}

int pt_map(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t pa,
	   uint64_t size, uint64_t perm, int max_level)
{
	struct map_op op = {
		.env = env, .pa_minus_va = pa - va, .perm = perm, .max_level = max_level,
		.dry_run = true, .pool = { env, 0 },
	};
	uint64_t last = va + size - 1;
	int err = check_range(va, size);

	if (err)
		return err;
	if (!is_aligned(pa, 0) || pa + size - 1 < pa || pa + size - 1 >= PA_LIMIT ||
	    !is_valid_perm(perm) || max_level < 0 || max_level > ROOT_LEVEL)
		return -EINVAL;

	err = map_range(&op, root, ROOT_LEVEL, va, last);
	if (!err)
		err = pool_fill(&op.pool, op.tables_needed);
	if (err)
		return err;
	op.dry_run = false;
	return map_range(&op, root, ROOT_LEVEL, va, last);
}

/* Replaces the leaf *pte at `level` by a table of leaves one level down with the same
 * translation and the same flags. The table is filled before it is linked in. */
static void split_leaf(struct table_pool *pool, pte_t *pte, int level)
{
	uint64_t child = pool_take(pool);
	pte_t *entries = table_at(pool->env, child);
	/* Entry i is the first plus i steps in its page number (the flags below it stay):
	 * the old leaf read once, not again for each entry (it might alias entries). */
	pte_t first = PA_TO_PTE(PTE_TO_PA(*pte)) | (*pte & PTE_FLAGS_MASK);
	pte_t step = PA_TO_PTE(PT_LEVEL_SIZE(level - 1));

	for (int i = 0; i < PT_ENTRIES; i++)
		entries[i] = first + (pte_t)i * step;
	*pte = PA_TO_PTE(child) | PTE_V;
}

/* Splits the leaves strictly around va until va is where a leaf starts. */
static void split_at(struct table_pool *pool, uint64_t root, uint64_t va)
{
	uint64_t table = root;

	for (int level = ROOT_LEVEL; level > 0; level--) {
		pte_t *pte = &table_at(pool->env, table)[vpn(va, level)];
		if (!(*pte & PTE_PRESENT))
			return;
		if (is_leaf(*pte)) {
			if (is_aligned(va, level))
				return;
			split_leaf(pool, pte, level);
		}
		table = PTE_TO_PA(*pte);
	}
}

/* Tables split_at(va) takes: one per level, from the leaf's own level down, while va is
 * not aligned to that level. */
static int levels_to_split(uint64_t va, int leaf_level)
{
	int n = 0;

	while (leaf_level - n > 0 && !is_aligned(va, leaf_level - n))
		n++;
	return n;
}

/* Tables split_at(first) followed by split_at(end) take (end_inside: end is in the
 * same half, so it is split too). A leaf holding both addresses is split once, and so
 * are its pieces that still hold both. */
static size_t split_cost(const struct pt_env *env, uint64_t root, uint64_t first,
			 uint64_t end, bool end_inside)
{
	int level_a = 0, level_b = 0;
	pte_t *leaf_a = pt_walk(env, root, first, &level_a);
	pte_t *leaf_b = end_inside ? pt_walk(env, root, end, &level_b) : NULL;
	int split_a = leaf_a ? levels_to_split(first, level_a) : 0;
	int split_b = leaf_b ? levels_to_split(end, level_b) : 0;
	size_t cost = split_a + split_b;

	if (leaf_a && leaf_a == leaf_b) {
		for (int n = 0; n < split_a && n < split_b; n++) {
			int shift = PAGE_SHIFT + 9 * (level_a - n);
			if (first >> shift != end >> shift)
				break;
			cost--;
		}
	}
	return cost;
}

/* Splits the leaves that straddle either edge of [va, va + size), so that every leaf
 * touching the range lies wholly inside it. All or nothing. */
static int split_edges(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;
	/* end is outside the half when the range runs up to the top of it. */
	bool end_inside = is_canonical(end) && is_upper_half(end) == is_upper_half(va);
	struct table_pool pool = { env, 0 };
	int err = pool_fill(&pool, split_cost(env, root, va, end, end_inside));

	if (err)
		return err;
	split_at(&pool, root, va);
	if (end_inside)
		split_at(&pool, root, end);
	return 0;
}

/* 1 if any of entries [from, to) is present; eight at a time where it can, since an unmap
 * of a large range runs this over whole tables. */
static bool any_valid(const pte_t *e, unsigned from, unsigned to)
{
	unsigned i = from;

	for (; i < to && (i & 7); i++)
		if (e[i] & PTE_PRESENT)
			return true;
	for (; i + 8 <= to; i += 8)
		if ((e[i] | e[i + 1] | e[i + 2] | e[i + 3] | e[i + 4] | e[i + 5] | e[i + 6] |
		     e[i + 7]) & PTE_PRESENT)
			return true;
	for (; i < to; i++)
		if (e[i] & PTE_PRESENT)
			return true;
	return false;
}

/* 1 if the table has no present entry, given that an unmap just emptied every entry
 * strictly between first and last (so only the rest, edges included, need a look:
 * an unmap of a whole table's span checks two entries, not 512). */
static bool table_is_empty_after_unmap(const pte_t *entries, unsigned first, unsigned last)
{
	return !any_valid(entries, 0, first + 1) && !any_valid(entries, last, PT_ENTRIES);
}

struct unmap_op {
	const struct pt_env *env;
	pt_leaf_fn on_leaf;
	void *arg;
};

/* Removes the leaves in [va, last] (each lies wholly inside: edges were split) and frees
 * the tables this empties. */
static void unmap_range(const struct unmap_op *op, uint64_t table, int level, uint64_t va,
			uint64_t last)
{
	pte_t *entries = table_at(op->env, table);

	for (;;) {
		uint64_t chunk_last = slot_last(va, last, level);
		pte_t *pte = &entries[vpn(va, level)];
		pte_t old = *pte;

		if ((old & PTE_PRESENT) && is_leaf(old)) {
			*pte = 0;
			if (op->on_leaf)
				op->on_leaf(op->arg, va, PTE_TO_PA(old), PT_LEVEL_SIZE(level), old);
		} else if (old & PTE_PRESENT) {
			uint64_t child = PTE_TO_PA(old);
			bool shared = level == ROOT_LEVEL && is_upper_half(va);
			unmap_range(op, child, level - 1, va, chunk_last);
			if (!shared && table_is_empty_after_unmap(table_at(op->env, child),
								  vpn(va, level - 1),
								  vpn(chunk_last, level - 1))) {
				*pte = 0;
				op->env->free_table(op->env->ctx, child);
			}
		}
		if (chunk_last == last)
			return;
		va = chunk_last + 1;
	}
}

int pt_unmap(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
	     pt_leaf_fn on_leaf, void *arg)
{
	struct unmap_op op = { env, on_leaf, arg };
	int err = check_range(va, size);

	if (!err)
		err = split_edges(env, root, va, size);
	if (err)
		return err;
	unmap_range(&op, root, ROOT_LEVEL, va, va + size - 1);
	return 0;
}

struct visit_op {
	const struct pt_env *env;
	pt_visit_fn fn;
	void *arg;
};

static void visit_range(const struct visit_op *op, uint64_t table, int level, uint64_t va,
			uint64_t last)
{
	pte_t *entries = table_at(op->env, table);

	for (;;) {
		uint64_t chunk_last = slot_last(va, last, level);
		pte_t *pte = &entries[vpn(va, level)];

		if ((*pte & PTE_PRESENT) && is_leaf(*pte))
			op->fn(op->arg, va & ~(PT_LEVEL_SIZE(level) - 1), pte, level);
		else if (*pte & PTE_PRESENT)
			visit_range(op, PTE_TO_PA(*pte), level - 1, va, chunk_last);
		if (chunk_last == last)
			return;
		va = chunk_last + 1;
	}
}

/* Leaves only partly inside the range are visited too, with their own start address. */
void pt_for_each_leaf(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
		      pt_visit_fn fn, void *arg)
{
	struct visit_op op = { env, fn, arg };

	if (check_range(va, size)) {
		printk("pt_for_each_leaf: bad range %p+%p\n", (void *)va, (void *)size);
		return;
	}
	visit_range(&op, root, ROOT_LEVEL, va, va + size - 1);
}

static void set_perm(void *arg, uint64_t va, pte_t *pte, int level)
{
	uint64_t perm = *(const uint64_t *)arg;

	(void)va;
	(void)level;
	*pte = pt_with_perm(*pte, perm);
}

int pt_protect(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
	       uint64_t perm)
{
	int err = check_range(va, size);

	if (!err && !is_valid_perm(perm))
		err = -EINVAL;
	if (!err)
		err = split_edges(env, root, va, size);
	if (err)
		return err;
	pt_for_each_leaf(env, root, va, size, set_perm, &perm);
	return 0;
}

struct destroy_op {
	const struct pt_env *env;
	pt_leaf_fn on_leaf;
	pt_table_fn on_table;
	void *arg;
};

/* Releases what the present entry (in a table at `level`) maps: a leaf goes to on_leaf, a
 * level-0 table to on_table if there is one, else each of its leaves to on_leaf; the
 * tables below it are freed. */
static void release_entry(const struct destroy_op *op, pte_t pte, int level, uint64_t va)
{
	if (is_leaf(pte)) {
		if (op->on_leaf)
			op->on_leaf(op->arg, va, PTE_TO_PA(pte), PT_LEVEL_SIZE(level), pte);
		return;
	}
	pte_t *entries = table_at(op->env, PTE_TO_PA(pte));
	if (level == 1 && op->on_table) {
		op->on_table(op->arg, va, entries);
	} else {
		for (int i = 0; i < PT_ENTRIES; i++)
			if (entries[i] & PTE_PRESENT)
				release_entry(op, entries[i], level - 1,
					      va + i * PT_LEVEL_SIZE(level - 1));
	}
	op->env->free_table(op->env->ctx, PTE_TO_PA(pte));
}

/* Root entries 0..255 cover the lower half (VPN[2] < 256 means bit 38 clear). */
void pt_destroy_tables(const struct pt_env *env, uint64_t root, pt_table_fn on_table,
		       pt_leaf_fn on_leaf, void *arg)
{
	struct destroy_op op = { env, on_leaf, on_table, arg };
	pte_t *entries = table_at(env, root);

	for (int i = 0; i < PT_ENTRIES / 2; i++)
		if (entries[i] & PTE_PRESENT)
			release_entry(&op, entries[i], ROOT_LEVEL, i * PT_LEVEL_SIZE(ROOT_LEVEL));
	env->free_table(env->ctx, root);
}

void pt_destroy(const struct pt_env *env, uint64_t root, pt_leaf_fn on_leaf, void *arg)
{
	pt_destroy_tables(env, root, NULL, on_leaf, arg);
}

#ifdef HOST_TEST
static size_t count_below(const struct pt_env *env, pte_t pte)
{
	size_t n = 1;

	if (!(pte & PTE_PRESENT) || is_leaf(pte))
		return 0;
	pte_t *entries = table_at(env, PTE_TO_PA(pte));
	for (int i = 0; i < PT_ENTRIES; i++)
		n += count_below(env, entries[i]);
	return n;
}

size_t pt_count_tables(const struct pt_env *env, uint64_t root)
{
	pte_t *entries = table_at(env, root);
	size_t n = 1;

	for (int i = 0; i < PT_ENTRIES / 2; i++)
		n += count_below(env, entries[i]);
	return n;
}
#endif
