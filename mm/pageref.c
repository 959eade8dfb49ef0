/* Share counts, one 16-bit counter per page of each RAM region (see mm/pageref.h).
 * Updated under the lock: parent and child may fault on the same page at once. */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/memlayout.h"
#include "mm/pageref.h"

struct ref_region {
	uint64_t base, npages;
	uint16_t *count;
};

static struct ref_region regions[PMM_MAX_REGIONS];
static int nregions;
static struct spinlock pageref_lock = SPINLOCK_INIT("pageref");

int pageref_init(struct pmm *pmm)
{
	for (int i = 0; i < pmm->nregions; i++) {
		uint64_t bytes = pmm->region[i].npages * sizeof(uint16_t);
		uint64_t npages = PAGE_ROUND_UP(bytes) / PAGE_SIZE;
		uint64_t pa = pmm_alloc_contig(pmm, npages, 1);
		if (!pa)
			return -ENOMEM;
		regions[i].base = pmm->region[i].base;
		regions[i].npages = pmm->region[i].npages;
		regions[i].count = phys_to_virt(pa);
		for (uint64_t b = 0; b < npages * PAGE_SIZE; b += 8)
			*(uint64_t *)((char *)regions[i].count + b) = 0;
	}
	nregions = pmm->nregions;
	return 0;
}

static uint16_t *counter(uint64_t pa)
{
	for (int i = 0; i < nregions; i++)
		if (pa - regions[i].base < regions[i].npages * PAGE_SIZE)
			return &regions[i].count[(pa - regions[i].base) >> PAGE_SHIFT];
	panic("pageref: 0x%lx is not in RAM", pa);
}

void pageref_share(uint64_t pa)
{
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	uint16_t *c = counter(pa);
	BUG_ON(*c == UINT16_MAX);
	(*c)++;
	spin_unlock_irqrestore(&pageref_lock, flags);
}

int pageref_drop(uint64_t pa)
{
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	uint16_t *c = counter(pa);
	int last = *c == 0;
	if (!last)
		(*c)--;
	spin_unlock_irqrestore(&pageref_lock, flags);
	return last;
}

int pageref_shared(uint64_t pa)
{
	unsigned long flags = spin_lock_irqsave(&pageref_lock);
	int shared = *counter(pa) != 0;
	spin_unlock_irqrestore(&pageref_lock, flags);
	return shared;
}
