/* Kernel stack slots: slot i spans KSTACK_AREA + i * (guard page + stack).
 *
 * Freeing a stack flushes only the freeing hart's TLB: no SBI call, however many harts
 * ran the thread (thousands of short threads on four harts would otherwise wait for
 * every other hart, awake or not, at each exit). Another hart may keep translations of
 * the old stack, leaf or table entries, to pages that are reused; that is harmless as
 * long as it never touches the slot's addresses, and only code running on a stack in the
 * slot does, or the hart that builds such a stack. So the allocating hart and every hart
 * before it first runs the stack's owner flush their whole TLB (kstack.cpus records
 * who has): sfence.vma with x0, x0, as table entries may be cached too (privileged spec,
 * "Supervisor Memory-Management Fence Instruction"). */
#include "lib/bitops.h"
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
			int bit = (int)lowest_set_bit(~slot_used[w]);
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

/* Unmaps [lo, hi) of a stack and frees its pages, after this hart's TLB flush. */
static void unmap_stack(uint64_t lo, uint64_t hi)
{
	struct tlb_gather g;

	if (hi == lo)
		return;
	tlb_gather_init(&g, NULL, lo, hi);
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
			unmap_stack(ks->lo, va);
			put_slot(slot);
			return -ENOMEM;
		}
	}
	/* The TLB may hold these addresses from the slot's last stack (see the top). */
	sfence_vma_all();
	ks->cpus = tlb_this_hart();
	return 0;
}

void kstack_free(struct kstack *ks)
{
	unmap_stack(ks->lo, ks->hi);
	put_slot((int)((ks->lo - PAGE_SIZE - KSTACK_AREA) / SLOT_SIZE));
}
