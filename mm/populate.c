/* Faulting pages in ahead of use: MAP_POPULATE, mlock and mlockall, MADV_POPULATE_READ and
 * MADV_POPULATE_WRITE (Linux's populate_vma_page_range and faultin_vma_page_range). */
#include "abi/errno.h"
#include "mm/uvm.h"

/* The access Linux's populate_vma_page_range makes: a write for private writable memory,
 * so copy-on-write is broken now rather than at the first store, a read otherwise, an
 * instruction fetch for execute-only memory; -1 for PROT_NONE, which is skipped ("we want
 * mlock to succeed for regions that have any permissions other than PROT_NONE"). */
static int natural_access(const struct vma *v)
{
	if ((v->prot & VMA_WRITE) && !(v->flags & VMA_SHARED))
		return FAULT_WRITE;
	if (v->prot & VMA_READABLE)
		return FAULT_READ;
	return v->prot & VMA_EXEC ? FAULT_EXEC : -1;
}

/* MADV_POPULATE_READ wants PROT_READ itself (check_vma_flags tests VM_READ): that a
 * write-only page is mapped readable is the page table's business, not the range's. */
static int allowed(const struct vma *v, int access)
{
	return access == FAULT_WRITE ? (v->prot & VMA_WRITE) != 0 : (v->prot & VMA_READ) != 0;
}

int uvm_populate(struct mm *mm, uint64_t start, uint64_t end, int access)
{
	uint64_t va = start;

	for (struct vma *v; va < end && (v = vma_next(&mm->vmas, va)) && v->start < end;) {
		uint64_t hi = v->end < end ? v->end : end;
		int how = access < 0 ? natural_access(v) : access;
		if (access >= 0 && !allowed(v, access))
			return -EINVAL;
		for (va = v->start > va ? v->start : va; how >= 0 && va < hi; va += PAGE_SIZE) {
			int err = uvm_fault(mm, va, (enum fault_access)how);
			if (err)
				return err;
		}
		va = hi;
	}
	return 0;
}
