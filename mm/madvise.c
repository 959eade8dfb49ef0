/* madvise(2) with Linux's checks and errors (mm/madvise.c): advice is taken range by range
 * over the mapped parts of [start, end); a hole makes the call fail with ENOMEM once the
 * mapped parts are done, as Linux's madvise_walk_vmas. Nothing is ever paged out here, so
 * the access-pattern hints have nothing to change. */
#include "abi/errno.h"
#include "mm/uvm.h"

static int known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
		return 1;
	}
	return 0;
}

/* One range's share [start, end) of the advice. */
static int advise_range(struct mm *mm, const struct vma *v, uint64_t start, uint64_t end,
			int advice)
{
	switch (advice) {
	case MADV_FREE:
		/* Only private anonymous memory can be freed lazily (Linux:
		 * madvise_free_single_vma); dropping it now is one allowed outcome. */
		if (!(v->flags & VMA_ANON) || (v->flags & VMA_SHARED))
			return -EINVAL;
		/* fall through */
	case MADV_DONTNEED:
		/* Locked pages stay (can_madv_lru_vma). The next touch refaults: zeros for
		 * private anonymous memory, the object's page (the file's contents) else. */
		if (v->flags & (VMA_LOCKED | VMA_LOCKONFAULT))
			return -EINVAL;
		uvm_zap(mm, start, end);
		return 0;
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE: {
		int err = uvm_populate(mm, start, end,
				       advice == MADV_POPULATE_WRITE ? FAULT_WRITE : FAULT_READ);
		/* faultin_vma_page_range: a bad permission is EINVAL, SIGBUS or SIGSEGV
		 * EFAULT. */
		return err == FAULT_SIGBUS ? -EFAULT : err;
	}
	}
	return 0;
}

int uvm_madvise(struct mm *mm, uint64_t start, uint64_t len, int advice)
{
	if (!known(advice) || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	uint64_t end = start + PAGE_ROUND_UP(len);
	if ((len && PAGE_ROUND_UP(len) == 0) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	int hole = !vma_covers(&mm->vmas, start, end);
	if (advice == MADV_DONTFORK || advice == MADV_DOFORK) {
		int err = vma_set_flags(&mm->vmas, start, end,
					advice == MADV_DONTFORK ? VMA_DONTFORK : 0,
					advice == MADV_DOFORK ? VMA_DONTFORK : 0);
		return err ? err : hole ? -ENOMEM : 0;
	}
	uint64_t va = start;
	for (struct vma *v; va < end && (v = vma_next(&mm->vmas, va)) && v->start < end;) {
		uint64_t lo = v->start > va ? v->start : va, hi = v->end < end ? v->end : end;
		int err = advise_range(mm, v, lo, hi, advice);
		if (err)
			return err;
		va = hi;
	}
	return hole ? -ENOMEM : 0;
}
