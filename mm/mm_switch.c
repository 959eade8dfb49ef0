/* Switching a hart's address space (see mm/asid.h for the ASIDs, mm/tlb.h for the masks
 * the flushes and fence.i use). */
#include "kernel/cpu.h"
#include "mm/asid.h"
#include "mm/kvm.h"
#include "mm/tlb.h"
#include "mm/uvm.h"

void mm_activate(struct mm *mm)
{
	struct cpu *c = this_cpu();
	uint64_t self = 1UL << c->index;
	int flush_all;

	/* In the mask before satp names the tables (see tlb_other_harts); an atomic only the
	 * first time this hart runs mm. */
	if (!(__atomic_load_n(&mm->harts, __ATOMIC_RELAXED) & self))
		__atomic_fetch_or(&mm->harts, self, __ATOMIC_SEQ_CST);
	uint16_t asid = asid_switch(&mm->context, c->index, &flush_all);
	satp_write(kvm_satp(mm->root, asid));
	if (flush_all)
		sfence_vma_all();
	/* A hart already in the mask gets a remote fence.i for code written from now on;
	 * this covers what was written while it was elsewhere. */
	if (__atomic_load_n(&mm->icache_stale, __ATOMIC_RELAXED) & self) {
		__atomic_fetch_and(&mm->icache_stale, ~self, __ATOMIC_SEQ_CST);
		fence_i();
	}
}

/* The kernel's root has no user half, and ASID 0 is never a process's, so nothing needs
 * flushing; without ASIDs the next mm_activate flushes. */
void mm_deactivate(void)
{
	satp_write(kvm_satp(kernel_root, 0));
}
