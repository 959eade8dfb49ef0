/* Switching a hart's address space (see mm/asid.h for the ASIDs, mm/tlb.h for the masks
 * the flushes and fence.i use). */
#include "kernel/cpu.h"
#include "mm/asid.h"
#include "mm/kvm.h"
#include "mm/tlb.h"
#include "mm/uvm.h"

/* This hart no longer runs c->active_mm (satp names something else already). */
static void leave_active(struct cpu *c)
{
	if (c->active_mm)
		__atomic_fetch_and(&c->active_mm->active, ~(1UL << c->index), __ATOMIC_SEQ_CST);
	c->active_mm = NULL;
}

void mm_activate(struct mm *mm)
{
	struct cpu *c = this_cpu();
	uint64_t self = 1UL << c->index;
	int flush_all;

	/* In the masks before satp names the tables and before the stale marks are read (see
	 * tlb_other_harts); `harts` takes an atomic only the first time this hart runs mm. */
	if (!(__atomic_load_n(&mm->harts, __ATOMIC_RELAXED) & self))
		__atomic_fetch_or(&mm->harts, self, __ATOMIC_SEQ_CST);
	if (c->active_mm != mm)
		__atomic_fetch_or(&mm->active, self, __ATOMIC_SEQ_CST);
	uint16_t asid = asid_switch(&mm->context, c->index, &flush_all);
	satp_write(kvm_satp(mm->root, asid));
	if (c->active_mm != mm) {
		leave_active(c);
		c->active_mm = mm;
	}
	/* Mappings changed while this hart was elsewhere: its entries under the ASID are
	 * stale. The mark goes first, so a flush marked meanwhile is done again next time. */
	int stale = (__atomic_load_n(&mm->tlb_stale, __ATOMIC_SEQ_CST) & self) != 0;
	if (stale)
		__atomic_fetch_and(&mm->tlb_stale, ~self, __ATOMIC_SEQ_CST);
	if (flush_all)
		sfence_vma_all();
	else if (stale)
		sfence_vma_asid(asid);
	/* A hart running mm gets a remote fence.i for code written from now on; this covers
	 * what was written while it was elsewhere. */
	if (__atomic_load_n(&mm->icache_stale, __ATOMIC_SEQ_CST) & self) {
		__atomic_fetch_and(&mm->icache_stale, ~self, __ATOMIC_SEQ_CST);
		fence_i();
	}
}

/* The kernel's root has no user half, and ASID 0 is never a process's, so nothing needs
 * flushing; without ASIDs the next mm_activate flushes. Once off the mm's tables the hart
 * leaves its `active` mask: flushes of the mm then only mark it stale. */
void mm_deactivate(void)
{
	satp_write(kvm_satp(kernel_root, 0));
	leave_active(this_cpu());
}
