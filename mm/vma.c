/* A process's address space as a sorted array of non-overlapping ranges. Lookups are a
 * binary search (after a one-entry cache); changes shift the array. Every change that may
 * need memory grows the array first, so a failed allocation leaves the set untouched. */
#include <string.h>
#include "abi/errno.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/vma.h"
#include "mm/vmobj.h"

#define VMA_INITIAL_CAP 8

static int page_aligned(uint64_t a)
{
	return (a & (PAGE_SIZE - 1)) == 0;
}

/* Both ends page-aligned and start <= end. */
static int valid_range(uint64_t start, uint64_t end)
{
	return page_aligned(start) && page_aligned(end) && start <= end;
}

/* b continues a: touching, same protection and kind, and for a shared object, the same
 * object at the next offsets. */
static int can_merge(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
	       a->obj == b->obj &&
	       (!a->obj || a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff);
}

/* Moves v's start up to addr; its pages keep their offsets in the object. */
static void raise_start(struct vma *v, uint64_t addr)
{
	if (v->obj)
		v->pgoff += (addr - v->start) >> PAGE_SHIFT;
	v->start = addr;
}

static void get_obj(const struct vma *v)
{
	if (v->obj)
		vmobj_get(v->obj);
}

static void put_obj(const struct vma *v)
{
	if (v->obj)
		vmobj_put(v->obj);
}

/* Index of the first range ending above addr (ranges are sorted and disjoint, so their
 * ends are sorted too); n if none. */
static int first_ending_after(const struct vma_set *s, uint64_t addr)
{
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->v[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct vma *vma_next(struct vma_set *s, uint64_t addr)
{
	int i = first_ending_after(s, addr);
	return i < s->n ? &s->v[i] : NULL;
}

/* Index of the first range starting at or above addr; n if none. */
static int first_starting_from(const struct vma_set *s, uint64_t addr)
{
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->v[mid].start >= addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int reserve(struct vma_set *s, int need)
{
	if (need <= s->cap)
		return 0;
	int cap = s->cap ? s->cap : VMA_INITIAL_CAP;
	while (cap < need)
		cap *= 2;
	struct vma *v = kmalloc((size_t)cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (s->n)
		memcpy(v, s->v, (size_t)s->n * sizeof(*v));
	kfree(s->v);
	s->v = v;
	s->cap = cap;
	return 0;
}

/* Opens a slot at index i (capacity must already be there). */
static void open_slot(struct vma_set *s, int i)
{
	memmove(&s->v[i + 1], &s->v[i], (size_t)(s->n - i) * sizeof(s->v[0]));
	s->n++;
}

/* Removes ranges [from, to) from the array (their references already dealt with). */
static void close_slots(struct vma_set *s, int from, int to)
{
	memmove(&s->v[from], &s->v[to], (size_t)(s->n - to) * sizeof(s->v[0]));
	s->n -= to - from;
}

/* Cuts range i in two at addr, inside it (capacity must already be there). */
static void split_at(struct vma_set *s, int i, uint64_t addr)
{
	open_slot(s, i);
	s->v[i].end = addr;
	raise_start(&s->v[i + 1], addr);
	get_obj(&s->v[i + 1]);
}

/* Merges touching equal neighbours among v[from..to] (clamped to the array). */
static void merge_between(struct vma_set *s, int from, int to)
{
	if (from < 0)
		from = 0;
	if (to > s->n - 1)
		to = s->n - 1;
	if (from >= to)
		return;
	int kept = from;
	for (int i = from + 1; i <= to; i++) {
		if (can_merge(&s->v[kept], &s->v[i])) {
			s->v[kept].end = s->v[i].end;
			put_obj(&s->v[i]);
		} else {
			s->v[++kept] = s->v[i];
		}
	}
	close_slots(s, kept + 1, to + 1);
}

void vma_set_init(struct vma_set *s)
{
	s->v = NULL;
	s->n = 0;
	s->cap = 0;
	s->last_hit = 0;
}

void vma_set_free(struct vma_set *s)
{
	for (int i = 0; i < s->n; i++)
		put_obj(&s->v[i]);
	kfree(s->v);
	vma_set_init(s);
}

int vma_set_copy(struct vma_set *dst, const struct vma_set *src)
{
	vma_set_init(dst);
	if (reserve(dst, src->n) < 0)
		return -ENOMEM;
	if (src->n)
		memcpy(dst->v, src->v, (size_t)src->n * sizeof(src->v[0]));
	dst->n = src->n;
	for (int i = 0; i < dst->n; i++)
		get_obj(&dst->v[i]);
	return 0;
}

/* The cache is read and written with single relaxed accesses: faults on several harts
 * look ranges up at once under the shared address-space lock, and any index one of them
 * leaves is a range of the set as it is (it changes only under the lock exclusive). */
struct vma *vma_find_search(struct vma_set *s, uint64_t addr)
{
	int i = first_ending_after(s, addr);
	if (i == s->n || s->v[i].start > addr)
		return NULL;
	__atomic_store_n(&s->last_hit, i, __ATOMIC_RELAXED);
	return &s->v[i];
}

int vma_overlaps(const struct vma_set *s, uint64_t start, uint64_t end)
{
	if (start >= end)
		return 0;
	int i = first_ending_after(s, start);
	return i < s->n && s->v[i].start < end;
}

int vma_covers(const struct vma_set *s, uint64_t start, uint64_t end)
{
	uint64_t pos = start;
	for (int i = first_ending_after(s, start); pos < end; i++) {
		if (i == s->n || s->v[i].start > pos)
			return 0;
		pos = s->v[i].end;
	}
	return 1;
}

int vma_insert(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags)
{
	return vma_insert_obj(s, start, end, prot, flags, NULL, 0);
}

int vma_insert_obj(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot,
		   uint32_t flags, struct vm_object *obj, uint64_t pgoff)
{
	if (!valid_range(start, end) || start == end)
		return -EINVAL;
	if (vma_overlaps(s, start, end))
		return -EEXIST;
	struct vma new = { .start = start, .end = end, .prot = prot, .flags = flags,
			   .obj = obj, .pgoff = pgoff };
	int i = first_ending_after(s, start);   /* everything before i ends at or below start */

	/* Merged into a neighbour, which already holds a reference to the object. */
	if (i > 0 && can_merge(&s->v[i - 1], &new)) {
		s->v[i - 1].end = end;
		put_obj(&new);
		merge_between(s, i - 1, i);   /* it may now reach the next range too */
		return 0;
	}
	if (i < s->n && can_merge(&new, &s->v[i])) {
		s->v[i].start = start;
		s->v[i].pgoff = pgoff;
		put_obj(&new);
		return 0;
	}
	if (reserve(s, s->n + 1) < 0)
		return -ENOMEM;
	open_slot(s, i);
	s->v[i] = new;
	return 0;
}

int vma_remove(struct vma_set *s, uint64_t start, uint64_t end)
{
	if (!valid_range(start, end))
		return -EINVAL;
	if (start == end)
		return 0;
	int lo = first_ending_after(s, start);
	int hi = first_starting_from(s, end);   /* v[lo..hi) overlap [start, end) */
	if (lo == hi)
		return 0;

	/* Punching a hole inside one range is the only case that adds a range. */
	if (hi - lo == 1 && s->v[lo].start < start && s->v[lo].end > end) {
		if (reserve(s, s->n + 1) < 0)
			return -ENOMEM;
		split_at(s, lo, start);
		raise_start(&s->v[lo + 1], end);
		return 0;
	}
	if (s->v[lo].start < start)
		s->v[lo++].end = start;
	if (s->v[hi - 1].end > end)
		raise_start(&s->v[--hi], end);
	for (int i = lo; i < hi; i++)
		put_obj(&s->v[i]);
	close_slots(s, lo, hi);
	return 0;
}

/* What a change makes of a range: prot bits under prot_mask replaced, flags set and
 * cleared. */
struct vma_change {
	uint32_t prot, prot_mask, set, clear;
};

static int changes(const struct vma *v, const struct vma_change *c)
{
	return ((v->prot & ~c->prot_mask) | (c->prot & c->prot_mask)) != v->prot ||
	       ((v->flags & ~c->clear) | c->set) != v->flags;
}

/* Applies c to the parts of ranges inside [start, end) (page-aligned, start < end),
 * cutting an edge range only where it changes, merging neighbours that become equal. */
static int change_ranges(struct vma_set *s, uint64_t start, uint64_t end,
			 const struct vma_change *c)
{
	int lo = first_ending_after(s, start);
	int hi = first_starting_from(s, end);
	if (lo >= hi)
		return 0;
	int cut_lo = s->v[lo].start < start && changes(&s->v[lo], c);
	int cut_hi = s->v[hi - 1].end > end && changes(&s->v[hi - 1], c);
	if (reserve(s, s->n + cut_lo + cut_hi) < 0)
		return -ENOMEM;
	if (cut_lo) {
		split_at(s, lo, start);
		lo++;
		hi++;
	}
	if (cut_hi)
		split_at(s, hi - 1, end);
	for (int i = lo; i < hi; i++) {
		struct vma *v = &s->v[i];
		v->prot = (v->prot & ~c->prot_mask) | (c->prot & c->prot_mask);
		v->flags = (v->flags & ~c->clear) | c->set;
	}
	merge_between(s, lo - 1, hi);
	return 0;
}

int vma_protect(struct vma_set *s, uint64_t start, uint64_t end, uint32_t prot)
{
	if (!valid_range(start, end))
		return -EINVAL;
	if (start == end)
		return 0;
	if (!vma_covers(s, start, end))
		return -ENOMEM;
	struct vma_change c = { prot, ~0U, 0, 0 };
	return change_ranges(s, start, end, &c);
}

int vma_set_flags(struct vma_set *s, uint64_t start, uint64_t end, uint32_t set, uint32_t clear)
{
	if (!valid_range(start, end))
		return -EINVAL;
	if (start == end)
		return 0;
	struct vma_change c = { 0, 0, set, clear };
	return change_ranges(s, start, end, &c);
}

uint64_t vma_find_gap(const struct vma_set *s, uint64_t size, uint64_t lo, uint64_t hi)
{
	hi = PAGE_ROUND_DOWN(hi);
	if (lo >= hi)
		return 0;
	lo = PAGE_ROUND_UP(lo);   /* cannot overflow: lo < hi, which is page-aligned */
	if (size == 0 || size > hi - lo)
		return 0;
	size = PAGE_ROUND_UP(size);
	if (size > hi - lo)
		return 0;

	/* Walk down from hi: each range's end and the start of the one above bound a gap. */
	uint64_t top = hi;
	for (int i = first_starting_from(s, hi) - 1; i >= 0 && top > lo; i--) {
		uint64_t bottom = s->v[i].end > lo ? s->v[i].end : lo;
		if (bottom < top && top - bottom >= size)
			return top - size;
		top = s->v[i].start;
	}
	return top > lo && top - lo >= size ? top - size : 0;
}
