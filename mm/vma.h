/* A process's address space as a sorted set of ranges (VMAs) with protections.
 * Pure logic over kmalloc, host-tested; mm/uvm.c applies it to page tables. Ranges of a
 * shared object hold a reference to it each: splitting, merging, copying and removing
 * ranges take and drop them (vmobj_get / vmobj_put). */
#ifndef MM_VMA_H
#define MM_VMA_H
#include <stddef.h>
#include <stdint.h>

/* prot bits: same values as Linux PROT_READ/PROT_WRITE/PROT_EXEC */
#define VMA_READ  1
#define VMA_WRITE 2
#define VMA_EXEC  4
/* The prot bits that let a range be read. Write implies read: the privileged spec reserves
 * leaves with W=1, R=0, so a writable page is mapped readable (Linux riscv's protection_map
 * gives VM_WRITE a readable PAGE_COPY, and its access_error() in arch/riscv/mm/fault.c lets
 * a load fault in where VM_READ | VM_WRITE is set). Exec does not imply read. */
#define VMA_READABLE (VMA_READ | VMA_WRITE)
/* kinds, kept in flags */
#define VMA_ANON   0x100   /* demand-zero anonymous memory */
#define VMA_STACK  0x200
#define VMA_HEAP   0x400   /* the brk area */
#define VMA_SHARED 0x800   /* MAP_SHARED: writes go to the object's pages, never copied */
/* mlock(2): the pages are faulted in when locked and stay (nothing is ever evicted, so
 * staying is free); LOCKONFAULT (mlock2 MLOCK_ONFAULT) locks them as they are touched. */
#define VMA_LOCKED      0x1000
#define VMA_LOCKONFAULT 0x2000
#define VMA_DONTFORK    0x4000   /* MADV_DONTFORK: a fork child does not get the range */

struct vm_object;

struct vma {
	uint64_t start;   /* page-aligned */
	uint64_t end;     /* exclusive, page-aligned */
	uint32_t prot;
	uint32_t flags;
	/* Memory of an object: the object holding its pages (the range owns a reference, see
	 * mm/vmobj.h) and the page offset in it of start. MAP_SHARED anonymous memory and
	 * file mappings have one: a shared range (VMA_SHARED) maps the object's pages as they
	 * are, a private one maps them copy-on-write. For a file, obj->owner is its inode
	 * (mm/filemap.h: vma_file), what /proc/PID/maps names, and pgoff the offset in pages.
	 * NULL for anonymous private memory. */
	struct vm_object *obj;
	uint64_t pgoff;
};

struct vma_set {
	struct vma *v;    /* sorted by start, never overlapping; kmalloc'ed array */
	int n;
	int cap;
	int last_hit;     /* index of the last range vma_find returned (a cache) */
};

void vma_set_init(struct vma_set *s);
void vma_set_free(struct vma_set *s);
/* Deep copy (for fork): shared objects get a reference per range. Returns 0 or -ENOMEM
 * (dst left empty). */
int vma_set_copy(struct vma_set *dst, const struct vma_set *src);

/* The range containing addr, or NULL: a binary search, whose result becomes the last hit. */
struct vma *vma_find_search(struct vma_set *s, uint64_t addr);
/* The same, O(1) when it is the last hit: that check is inline (every page fault makes
 * it), the search is not. */
static inline struct vma *vma_find(struct vma_set *s, uint64_t addr)
{
	int last = __atomic_load_n(&s->last_hit, __ATOMIC_RELAXED);

	if (last < s->n) {
		struct vma *hit = &s->v[last];
		if (hit->start <= addr && addr < hit->end)
			return hit;
	}
	return vma_find_search(s, addr);
}

/* The first range ending above addr (containing it or above it), or NULL: walks a span
 * range by range, holes included. */
struct vma *vma_next(struct vma_set *s, uint64_t addr);

/* 1 if any range overlaps [start, end). */
int vma_overlaps(const struct vma_set *s, uint64_t start, uint64_t end);

/* 1 if every page of [start, end) is covered by some range. */
int vma_covers(const struct vma_set *s, uint64_t start, uint64_t end);

/* Adds [start, end) of private memory, which must not overlap anything (-EEXIST
 * otherwise). Adjacent ranges with the same prot and flags are merged (those of a shared
 * object only with ranges of the same object at the next offsets).
 * Returns 0, -EEXIST or -ENOMEM. */
int vma_insert(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags);
/* vma_insert for pages of obj from page offset pgoff: on success the set owns the caller's
 * reference to obj; on failure the caller keeps it. */
int vma_insert_obj(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot,
		   uint32_t flags, struct vm_object *obj, uint64_t pgoff);

/* Removes [start, end) from whatever ranges cover it, splitting them; holes are fine.
 * Returns 0 or -ENOMEM (a split needed memory; nothing changed then). */
int vma_remove(struct vma_set *s, uint64_t start, uint64_t end);

/* Sets prot on [start, end), splitting ranges at its edges and merging neighbours that
 * become equal. The whole range must be covered (-ENOMEM otherwise, as Linux mprotect).
 * Returns 0 or a negative errno; nothing changes on failure. */
int vma_protect(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot);

/* Sets and clears flags on the parts of ranges inside [start, end), holes left alone,
 * splitting and merging as vma_protect. Returns 0, -EINVAL (unaligned) or -ENOMEM
 * (nothing changed then). */
int vma_set_flags(struct vma_set *s, uint64_t start, uint64_t end, uint32_t set, uint32_t clear);

/* Highest page-aligned address a with [a, a+size) inside [lo, hi) and overlapping nothing
 * (top-down, as Linux's default mmap layout). 0 if there is no such gap. */
uint64_t vma_find_gap(const struct vma_set *s, uint64_t size, uint64_t lo, uint64_t hi);

#endif
