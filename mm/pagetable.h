/* Sv39 page tables (RISC-V privileged spec, section "Sv39: Page-Based 39-bit Virtual-Memory
 * System"): map, unmap, change permissions of and walk ranges in any root.
 *
 * Pure logic: table pages are reached and obtained only through a struct pt_env, so
 * host unit tests run it over simulated physical memory. It never issues sfence.vma;
 * callers flush. */
#ifndef MM_PAGETABLE_H
#define MM_PAGETABLE_H
#include <stddef.h>
#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
/* Software bits (RSW, bits 8-9). COW: the page is copy-on-write shared. NONE: a PROT_NONE
 * page. Its entry keeps the page and R but has V clear, so no access from any mode gets
 * through, the kernel's included (the spec leaves an invalid entry's other bits to
 * software; Linux's _PAGE_PROT_NONE does the same); these tables treat it as a leaf. */
#define PTE_COW  (1UL << 8)
#define PTE_NONE (1UL << 9)
#define PTE_PERM_MASK (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_COW | PTE_NONE)
/* An entry in use: a valid one, or a PROT_NONE leaf. */
#define PTE_PRESENT (PTE_V | PTE_NONE)

#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1UL << 44) - 1) << PTE_PPN_SHIFT)
#define PTE_TO_PA(pte) (((pte) >> PTE_PPN_SHIFT) << 12)
#define PA_TO_PTE(pa)  (((uint64_t)(pa) >> 12) << PTE_PPN_SHIFT)

#define PT_LEVELS 3
#define PT_ENTRIES 512
/* Page size of a leaf at level: 0 -> 4 KiB, 1 -> 2 MiB, 2 -> 1 GiB. */
#define PT_LEVEL_SIZE(level) (1UL << (12 + 9 * (level)))

struct pt_env {
	/* A pointer through which the table page at physical pa can be read and written.
	 * NULL: tables are at pa + va_offset (the kernel's direct map), which saves an
	 * indirect call per level on the page-fault path. */
	void *(*pa_to_va)(void *ctx, uint64_t pa);
	/* A zero-filled page for a table, or 0 when out of memory. */
	uint64_t (*alloc_table)(void *ctx);
	void (*free_table)(void *ctx, uint64_t pa);
	void *ctx;
	uint64_t va_offset;
};

/* A leaf PTE, valid unless perm has PTE_NONE. A and D are set up front: an implementation
 * may raise a page fault instead of setting them itself (privileged spec, Sv32 "A and D
 * bits"); the JH7110's U74 does. */
static inline pte_t pt_leaf(uint64_t pa, uint64_t perm)
{
	return PA_TO_PTE(pa) | perm | ((perm & PTE_NONE) ? 0 : PTE_V) | PTE_A |
	       ((perm & PTE_W) ? PTE_D : 0);
}

/* The leaf pte with its permission bits replaced by perm (V, and D when writable, as
 * pt_leaf sets them; A and an earlier D stay). */
static inline pte_t pt_with_perm(pte_t pte, uint64_t perm)
{
	return (pte & ~(PTE_PERM_MASK | PTE_V)) | pt_leaf(0, perm);
}

/* Allocates an empty root table; 0 when out of memory. */
uint64_t pt_create(const struct pt_env *env);

/* Maps [va, va+size) to [pa, pa+size) with perm (PTE_R/W/X/U/G/COW/NONE bits). va, pa
 * and size are page-aligned. Uses leaves up to max_level (0, 1 or 2) where va, pa and the
 * remaining size are aligned for them. Leaves get A set, and D when writable (cores may
 * not set them). Fails with -EEXIST if any page in the range is already mapped, -ENOMEM
 * if a table cannot be allocated, -EINVAL for bad arguments (unaligned, not canonical,
 * W without R); on failure nothing is left mapped and new table pages are freed. */
int pt_map(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t pa,
	   uint64_t size, uint64_t perm, int max_level);

/* Called for every leaf removed by pt_unmap / pt_destroy: physical address, size of the
 * leaf and the PTE it had. */
typedef void (*pt_leaf_fn)(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte);

/* Unmaps every page in [va, va+size) (page-aligned; holes are fine). A larger leaf that
 * is only partly inside is first split (-ENOMEM if that needs a table and none is left;
 * nothing is changed then). Table pages that become empty are freed (never the root, nor
 * the upper-half tables right below it, which process roots share).
 * on_leaf (may be NULL) sees each removed leaf. Returns 0 or a negative errno. */
int pt_unmap(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
	     pt_leaf_fn on_leaf, void *arg);

/* Sets the permission bits of every present leaf in the range to perm (pt_with_perm);
 * splits leaves partly inside. Holes are skipped.
 * Returns 0 or a negative errno. */
int pt_protect(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
	       uint64_t perm);

/* Pointer to the leaf PTE that maps va (at any level), or NULL if unmapped.
 * *level (may be NULL) receives its level. */
pte_t *pt_walk(const struct pt_env *env, uint64_t root, uint64_t va, int *level);

/* The level-0 entry for the user page at va, creating missing tables on the way; NULL if
 * va is not a lower-half address, a table cannot be allocated, or a larger leaf already
 * maps va. One walk, for the page-fault path; the caller fills in the entry (and keeps
 * any tables it created even if it then fails: they are freed with the tree). */
pte_t *pt_walk_alloc(const struct pt_env *env, uint64_t root, uint64_t va);

/* The level-0 table holding the entry for va, or NULL if there is none (nothing mapped
 * in va's 2 MiB, or a larger leaf maps va): for loops over a range a table at a time. */
pte_t *pt_leaf_table(const struct pt_env *env, uint64_t root, uint64_t va);

/* Calls fn for every present leaf (PROT_NONE ones included) in [va, va+size): fn may
 * modify *pte in place (not make it non-present). */
typedef void (*pt_visit_fn)(void *arg, uint64_t va, pte_t *pte, int level);
void pt_for_each_leaf(const struct pt_env *env, uint64_t root, uint64_t va, uint64_t size,
		      pt_visit_fn fn, void *arg);

/* Frees every table page of the tree below root and the root itself, calling on_leaf
 * for each leaf in the lower half (user mappings). Entries in the upper half (shared
 * kernel tables) are not descended into or freed. */
void pt_destroy(const struct pt_env *env, uint64_t root, pt_leaf_fn on_leaf, void *arg);

/* pt_destroy, a level-0 table at a time: on_table gets each one (the va its first entry
 * maps and its 512 entries) and releases the leaves in it, before the table is freed;
 * on_leaf (may be NULL) gets the leaves of larger pages. One call per 2 MiB instead of
 * one per page, for the teardown of an address space. */
typedef void (*pt_table_fn)(void *arg, uint64_t va, pte_t *entries);
void pt_destroy_tables(const struct pt_env *env, uint64_t root, pt_table_fn on_table,
		       pt_leaf_fn on_leaf, void *arg);

#ifdef HOST_TEST
/* For the host tests' leak checks only: counts table pages in the tree (root included,
 * upper-half shared tables excluded). */
size_t pt_count_tables(const struct pt_env *env, uint64_t root);
#endif

#endif
