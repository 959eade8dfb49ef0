/* Kernel heap.
 *
 * Small requests (up to 1024 bytes) come from size classes of 16, 32, ... 1024 bytes.
 * A class page starts with a header (magic, class, in-use count, a bitmap of free
 * objects) followed by equal objects; kfree finds the header by rounding the pointer
 * down to its page. Pages with a free object are kept on a per-class list.
 * The bitmap doubles as the double-free check: freeing an object whose bit is already
 * set is reported and ignored.
 *
 * Larger requests take whole pages from the source, with a 16-byte header at the start
 * of the first page recording the page count. (A 2048-byte class would hold only one
 * object next to its header, no better than a one-page large block, so classes stop at
 * 1024.) Callers that want whole pages should use the page allocator directly: a
 * kmalloc(4096) needs two.
 *
 * Pages held: a class page goes back to the source as soon as its last object is freed,
 * and a large block as soon as it is freed, so kmalloc_pages_held() is 0 whenever
 * nothing is allocated.
 *
 * Lock order: the heap lock is held while calling the source (kmalloc, then the page
 * allocator's lock); the source must never call kmalloc. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "lib/bitops.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"

#define ALIGNMENT      16
#define MIN_CLASS_SIZE 16
#define NCLASSES       7          /* 16 .. 1024 bytes */
#define MAX_CLASS_SIZE (MIN_CLASS_SIZE << (NCLASSES - 1))
#define CLASS_MAGIC    0x6b6d616cU /* "kmal" */
#define LARGE_MAGIC    0x6b6c7267U /* "klrg" */

/* Header at the start of a class page. */
struct class_page {
	uint32_t magic;
	uint16_t class;
	uint16_t in_use;
	struct class_page *next, *prev;  /* on the class's list of pages with a free object */
	uint64_t free_bits[4];           /* bit set = object free; enough for 16-byte objects */
};

/* Objects start after the header, 16-byte aligned. */
#define OBJECTS_OFFSET ((sizeof(struct class_page) + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1))

/* Header at the start of a large block; the memory handed out follows it. */
struct large_block {
	uint32_t magic;
	uint32_t unused;
	uint64_t npages;
};

_Static_assert(sizeof(struct large_block) == ALIGNMENT, "large header keeps 16-byte alignment");
_Static_assert((PAGE_SIZE - OBJECTS_OFFSET) / MIN_CLASS_SIZE <= 4 * 64, "free_bits too small");

static struct spinlock heap_lock = SPINLOCK_INIT("kmalloc");
static struct kheap_source source;
static struct class_page *partial[NCLASSES];   /* pages with at least one free object */
static size_t pages_held;

static size_t class_size(int class)
{
	return (size_t)MIN_CLASS_SIZE << class;
}

static unsigned objects_per_page(int class)
{
	return (PAGE_SIZE - OBJECTS_OFFSET) / class_size(class);
}

/* Smallest class that fits size (size <= MAX_CLASS_SIZE). */
static int class_for(size_t size)
{
	int class = 0;

	while (class_size(class) < size)
		class++;
	return class;
}

static void list_add(struct class_page *pg)
{
	pg->prev = NULL;
	pg->next = partial[pg->class];
	if (pg->next)
		pg->next->prev = pg;
	partial[pg->class] = pg;
}

static void list_remove(struct class_page *pg)
{
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		partial[pg->class] = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
}

static void *source_alloc(size_t npages)
{
	void *va = source.alloc_pages(source.ctx, npages);

	if (va)
		pages_held += npages;
	return va;
}

static void source_free(void *va, size_t npages)
{
	source.free_pages(source.ctx, va, npages);
	pages_held -= npages;
}

static struct class_page *new_class_page(int class)
{
	struct class_page *pg = source_alloc(1);
	unsigned n = objects_per_page(class);

	if (!pg)
		return NULL;
	pg->magic = CLASS_MAGIC;
	pg->class = class;
	pg->in_use = 0;
	for (unsigned w = 0; w < 4; w++) {
		unsigned bits = n > 64 * w ? n - 64 * w : 0;
		pg->free_bits[w] = bits >= 64 ? ~0UL : (1UL << bits) - 1;
	}
	list_add(pg);
	return pg;
}

static void *class_alloc(int class)
{
	struct class_page *pg = partial[class];

	if (!pg)
		pg = new_class_page(class);
	if (!pg)
		return NULL;
	unsigned w = 0;
	while (!pg->free_bits[w])
		w++;
	unsigned bit = lowest_set_bit(pg->free_bits[w]);
	pg->free_bits[w] &= ~(1UL << bit);
	if (++pg->in_use == objects_per_page(class))
		list_remove(pg);
	return (char *)pg + OBJECTS_OFFSET + (64 * w + bit) * class_size(class);
}

static void *large_alloc(size_t size)
{
	size_t npages = (size + sizeof(struct large_block) + PAGE_SIZE - 1) / PAGE_SIZE;
	struct large_block *blk = source_alloc(npages);

	if (!blk)
		return NULL;
	blk->magic = LARGE_MAGIC;
	blk->npages = npages;
	return blk + 1;
}

void kmalloc_init(const struct kheap_source *src)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);

	source = *src;
	for (int c = 0; c < NCLASSES; c++)
		partial[c] = NULL;
	pages_held = 0;
	spin_unlock_irqrestore(&heap_lock, flags);
}

void *kmalloc(size_t size)
{
	void *p;

	if (size == 0 || size > SIZE_MAX - sizeof(struct large_block) - PAGE_SIZE)
		return NULL;
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	p = size <= MAX_CLASS_SIZE ? class_alloc(class_for(size)) : large_alloc(size);
	spin_unlock_irqrestore(&heap_lock, flags);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

enum free_result { FREED, INVALID, DOUBLE_FREE };

static enum free_result class_free(struct class_page *pg, uintptr_t p)
{
	uintptr_t first = (uintptr_t)pg + OBJECTS_OFFSET;

	if (pg->class >= NCLASSES || p < first)
		return INVALID;
	size_t size = class_size(pg->class);
	size_t index = (p - first) / size;
	if ((p - first) % size || index >= objects_per_page(pg->class))
		return INVALID;
	uint64_t mask = 1UL << (index % 64);
	if (pg->free_bits[index / 64] & mask)
		return DOUBLE_FREE;

	pg->free_bits[index / 64] |= mask;
	if (pg->in_use-- == objects_per_page(pg->class))
		list_add(pg);
	if (pg->in_use == 0) {
		list_remove(pg);
		pg->magic = 0;
		source_free(pg, 1);
	}
	return FREED;
}

static enum free_result large_free(struct large_block *blk, uintptr_t p)
{
	if (p != (uintptr_t)(blk + 1))
		return INVALID;
	blk->magic = 0;
	source_free(blk, blk->npages);
	return FREED;
}

void kfree(void *p)
{
	void *caller = __builtin_return_address(0);
	uintptr_t addr = (uintptr_t)p;
	uintptr_t page = addr & ~(uintptr_t)(PAGE_SIZE - 1);
	enum free_result result = INVALID;

	if (!p)
		return;
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	/* Both headers start with their magic; a page-aligned pointer is never handed out. */
	uint32_t magic = addr == page ? 0 : *(const uint32_t *)page;
	if (magic == CLASS_MAGIC)
		result = class_free((struct class_page *)page, addr);
	else if (magic == LARGE_MAGIC)
		result = large_free((struct large_block *)page, addr);
	spin_unlock_irqrestore(&heap_lock, flags);

	if (result == INVALID)
		printk("kfree: invalid pointer %p (caller %p)\n", p, caller);
	else if (result == DOUBLE_FREE)
		printk("kfree: double free of %p (caller %p)\n", p, caller);
}

#ifdef HOST_TEST
size_t kmalloc_pages_held(void)
{
	unsigned long flags = spin_lock_irqsave(&heap_lock);
	size_t n = pages_held;

	spin_unlock_irqrestore(&heap_lock, flags);
	return n;
}
#endif
