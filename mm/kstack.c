/* Kernel stack slots: slot i spans KSTACK_AREA + i * (guard page + stack). */
#include "abi/errno.h"
#include "kernel/spinlock.h"
#include "mm/kstack.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/kvm.h"

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

static void free_stack_page(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte)
{
	(void)arg, (void)size, (void)pte;
	page_free(pa);
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

int kstack_alloc(struct kstack *ks)
{
	int slot = take_slot();
	if (slot < 0)
		return -ENOMEM;
	ks->lo = KSTACK_AREA + (uint64_t)slot * SLOT_SIZE + PAGE_SIZE;
	ks->hi = ks->lo + KSTACK_SIZE;
	for (uint64_t va = ks->lo; va < ks->hi; va += PAGE_SIZE) {
		uint64_t pa = page_alloc();
		if (!pa || pt_map(&kernel_pt_env, kernel_root, va, pa, PAGE_SIZE,
				  PTE_R | PTE_W | PTE_G, 0)) {
			if (pa)
				page_free(pa);
			pt_unmap(&kernel_pt_env, kernel_root, ks->lo, va - ks->lo, free_stack_page, 0);
			put_slot(slot);
			return -ENOMEM;
		}
	}
	return 0;
}

void kstack_free(struct kstack *ks)
{
	pt_unmap(&kernel_pt_env, kernel_root, ks->lo, KSTACK_SIZE, free_stack_page, 0);
	put_slot((int)((ks->lo - PAGE_SIZE - KSTACK_AREA) / SLOT_SIZE));
}
