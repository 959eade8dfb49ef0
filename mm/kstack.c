/* Kernel stack slots: slot i spans KSTACK_AREA + i * (guard page + stack). */
#include "abi/errno.h"
#include "kernel/spinlock.h"
#include "mm/kstack.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/kvm.h"
#include "mm/tlb.h"
#include "mm/tlb_gather.h"

#define SLOT_SIZE (KSTACK_SIZE + PAGE_SIZE)
#define NSLOTS 4096

static uint64_t slot_used[NSLOTS / 64];
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");

static int take_slot(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	int slot = -1;

	for (int w = 0; w < NSLOTS / 64 && slot < 0; w++) {
		if (~slot_used[w]) {
			int bit = __builtin_ctzl(~slot_used[w]);
			slot_used[w] |= 1UL << bit;
			slot = w * 64 + bit;
		}
	}
	spin_unlock_irqrestore(&kstack_lock, flags);
	return slot;
}

static void put_slot(int slot)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	slot_used[slot / 64] &= ~(1UL << (slot % 64));
	spin_unlock_irqrestore(&kstack_lock, flags);
}

/* Unmaps [lo, hi) of a stack and frees its pages, after the TLB flush. */
static void unmap_stack(uint64_t lo, uint64_t hi, uint64_t harts)
{
	struct tlb_gather g;

	if (hi == lo)
		return;
	tlb_gather_init(&g, NULL, lo, hi);
	if (harts)
		g.kernel_cpus = harts;
	kvm_unmap(lo, hi - lo, &g);
	tlb_gather_finish(&g);
}

int kstack_alloc(struct kstack *ks)
{
	int slot = take_slot();
	if (slot < 0)
		return -ENOMEM;
	ks->lo = KSTACK_AREA + (uint64_t)slot * SLOT_SIZE + PAGE_SIZE;
	ks->hi = ks->lo + KSTACK_SIZE;
	ks->cpus = 0;
	for (uint64_t va = ks->lo; va < ks->hi; va += PAGE_SIZE) {
		uint64_t pa = page_alloc();
		if (!pa || kvm_map(va, pa, PAGE_SIZE, PTE_R | PTE_W, 0)) {
			if (pa)
				page_free(pa);
			unmap_stack(ks->lo, va, 0);
			put_slot(slot);
			return -ENOMEM;
		}
	}
	/* The TLB may hold these addresses as invalid from before: without Svvptc a new valid
	 * entry needs an sfence.vma to be seen (privileged spec, "Svvptc" extension). */
	for (uint64_t va = ks->lo; va < ks->hi; va += PAGE_SIZE)
		sfence_vma_page(va);
	return 0;
}

void kstack_free(struct kstack *ks)
{
	unmap_stack(ks->lo, ks->hi, ks->cpus);
	put_slot((int)((ks->lo - PAGE_SIZE - KSTACK_AREA) / SLOT_SIZE));
}
