/* msync(2) with Linux's checks and errors (mm/msync.c). A file mapping's pages are the
 * file's own pages (mm/filemap.h), so there is nothing to write back or invalidate: what
 * is left is the checks. */
#include "abi/errno.h"
#include "mm/uvm.h"

int uvm_msync(struct mm *mm, uint64_t start, uint64_t len, int flags)
{
	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (start & (PAGE_SIZE - 1)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	uint64_t end = start + PAGE_ROUND_UP(len);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	uint64_t va = start;
	int hole = 0;
	for (struct vma *v; va < end && (v = vma_next(&mm->vmas, va)) && v->start < end;) {
		hole |= v->start > va;
		/* Invalidating locked pages would drop them (Linux: EBUSY). */
		if ((flags & MS_INVALIDATE) && (v->flags & VMA_LOCKED))
			return -EBUSY;
		va = v->end < end ? v->end : end;
	}
	return hole || va < end ? -ENOMEM : 0;
}
