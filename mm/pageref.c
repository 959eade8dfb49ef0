/* Share counts (see mm/pageref.h), kept sparsely: one 16-bit counter per page, in
 * chunks covering 2 MiB of RAM that exist only while some page in them is shared.
 * Most memory is never shared, boot does not pay for zeroing counters of all RAM
 * (4 MiB of them at 8 GiB), and nothing stays allocated once sharing ends.
 *
 * A page without a chunk has count 0: it has exactly one holder, so nobody else can
 * change that concurrently and the check needs no lock. */
#include "abi/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/pageref.h"

#define CHUNK_PAGES 512

struct ref_chunk {
	uint32_t nonzero;       /* counters above 0: the chunk goes when this reaches 0 */
	uint16_t count[CHUNK_PAGES];
};

struct ref_region {
	uint64_t base, npages;
	struct ref_chunk **chunks;   /* one pointer per CHUNK_PAGES pages, NULL when unused */
};

static struct ref_region regions[PMM_MAX_REGIONS];
static int nregions;
static struct spinlock pageref_lock = SPINLOCK_INIT("pageref");

int pageref_init(struct pmm *pmm)
{
	for (int i = 0; i < pmm->nregions; i++) {
		uint64_t nchunks = (pmm->region[i].npages + CHUNK_PAGES - 1) / CHUNK_PAGES;
		regions[i].base = pmm->region[i].base;
		regions[i].npages = pmm->region[i].npages;
		regions[i].chunks = kzalloc(nchunks * sizeof(struct ref_chunk *));
		if (!regions[i].chunks)
			return -ENOMEM;
	}
	nregions = pmm->nregions;
	return 0;
}

/* The region holding pa; panics if pa is not RAM. */
static inline __attribute__((always_inline)) struct ref_region *region_of(uint64_t pa)
{
	for (int i = 0; i < nregions; i++)
		if ((pa - regions[i].base) >> PAGE_SHIFT < regions[i].npages)
			return &regions[i];
	panic("pageref: 0x%lx is not in RAM", pa);
}

/* Where pa's chunk pointer lives. */
static inline __attribute__((always_inline)) struct ref_chunk **chunk_slot(uint64_t pa,
									   uint64_t *index)
{
	struct ref_region *r = region_of(pa);
	uint64_t page = (pa - r->base) >> PAGE_SHIFT;

	*index = page % CHUNK_PAGES;
	return &r->chunks[page / CHUNK_PAGES];
}

/* One more holder of the page at index of the chunk in *slot, which is created if
 * needed; pageref_lock held. */
static inline __attribute__((always_inline)) int share_locked(struct ref_chunk **slot,
								uint64_t index)
{
	if (!*slot) {
		struct ref_chunk *chunk = kzalloc(sizeof(*chunk));
		if (!chunk)
			return -ENOMEM;
		__atomic_store_n(slot, chunk, __ATOMIC_RELEASE);
	}
	struct ref_chunk *chunk = *slot;
	BUG_ON(chunk->count[index] == UINT16_MAX);
	if (chunk->count[index]++ == 0)
		chunk->nonzero++;
	return 0;
}

/* One holder fewer; 1 if it was the last. The chunk goes with its last counter above 0.
 * pageref_lock held. */
static inline __attribute__((always_inline)) int drop_locked(struct ref_chunk **slot,
							       uint64_t index)
{
	struct ref_chunk *chunk = *slot;

	if (!chunk || chunk->count[index] == 0)
		return 1;
	if (--chunk->count[index] == 0 && --chunk->nonzero == 0) {
		__atomic_store_n(slot, NULL, __ATOMIC_RELEASE);
		kfree(chunk);
	}
	return 0;
}

int pageref_share(uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = chunk_slot(pa, &index);
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	int err = share_locked(slot, index);

	spin_unlock_irqrestore(&pageref_lock, flags);
	return err;
}

/* pageref_drop for a page whose chunk exists: out of line, so that the common case, an
 * unshared page being freed (munmap, exit), takes no stack frame. */
static __attribute__((noinline)) int drop_counted(struct ref_chunk **slot, uint64_t index)
{
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	int last = drop_locked(slot, index);

	spin_unlock_irqrestore(&pageref_lock, flags);
	return last;
}

int pageref_drop(uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = chunk_slot(pa, &index);

	if (!__atomic_load_n(slot, __ATOMIC_ACQUIRE))
		return 1;
	return drop_counted(slot, index);
}

uint32_t pageref_holders(uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = chunk_slot(pa, &index);

	if (!__atomic_load_n(slot, __ATOMIC_ACQUIRE))
		return 1;
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	uint32_t holders = 1 + (*slot ? (uint32_t)(*slot)->count[index] : 0);
	spin_unlock_irqrestore(&pageref_lock, flags);
	return holders;
}

int pageref_shared(uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = chunk_slot(pa, &index);

	if (!__atomic_load_n(slot, __ATOMIC_ACQUIRE))
		return 0;
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	int shared = *slot && (*slot)->count[index] != 0;
	spin_unlock_irqrestore(&pageref_lock, flags);
	return shared;
}

void pageref_batch_begin(struct pageref_batch *b)
{
	b->irq = spin_lock_irqsave(&pageref_lock);
	b->span = 0;
}

void pageref_batch_end(struct pageref_batch *b)
{
	spin_unlock_irqrestore(&pageref_lock, b->irq);
}

/* The chunk slot for pa, through the one the batch used last when pa is in the same
 * chunk (pages mapped side by side mostly come from the same 2 MiB of RAM). */
static inline __attribute__((always_inline)) struct ref_chunk **
batch_slot(struct pageref_batch *b, uint64_t pa, uint64_t *index)
{
	if (pa - b->start >= b->span) {
		struct ref_region *r = region_of(pa);
		uint64_t page = (pa - r->base) >> PAGE_SHIFT;
		uint64_t first = page - page % CHUNK_PAGES;
		uint64_t pages = r->npages - first;
		b->start = r->base + (first << PAGE_SHIFT);
		b->span = (pages < CHUNK_PAGES ? pages : CHUNK_PAGES) << PAGE_SHIFT;
		b->slot = &r->chunks[first / CHUNK_PAGES];
	}
	*index = (pa - b->start) >> PAGE_SHIFT;
	return b->slot;
}

int pageref_batch_share(struct pageref_batch *b, uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = batch_slot(b, pa, &index);

	return share_locked(slot, index);
}

int pageref_batch_drop(struct pageref_batch *b, uint64_t pa)
{
	uint64_t index;
	struct ref_chunk **slot = batch_slot(b, pa, &index);

	return drop_locked(slot, index);
}
