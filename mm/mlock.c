/* mlock(2), mlock2, munlock, mlockall, munlockall with Linux's checks and errors
 * (mm/mlock.c). Nothing is ever evicted, so a locked page stays resident by itself: locking
 * marks the ranges (VmLck) and faults their pages in now, or as they are touched with
 * MLOCK_ONFAULT / MCL_ONFAULT. Every process runs as root, which has CAP_IPC_LOCK: as on
 * Linux, RLIMIT_MEMLOCK then limits nothing (can_do_mlock, do_mlock). */
#include "abi/errno.h"
#include "mm/uvm.h"

#define LOCK_FLAGS (VMA_LOCKED | VMA_LOCKONFAULT)

/* Linux's __mlock_posix_error_return: a fault that cannot be resolved is ENOMEM, memory
 * running out EAGAIN. */
static int posix_error(int err)
{
	return err == -EFAULT || err == FAULT_SIGBUS ? -ENOMEM : err == -ENOMEM ? -EAGAIN : err;
}

/* mlock's range: from start's page to the end of start + len's. */
static int lock_range(uint64_t *start, uint64_t *end, uint64_t len)
{
	uint64_t s = PAGE_ROUND_DOWN(*start);
	uint64_t n = PAGE_ROUND_UP(len + (*start - s));
	if (n < len || s + n < s)
		return -EINVAL;
	*start = s;
	*end = s + n;
	return 0;
}

static int set_lock(struct mm *mm, uint64_t start, uint64_t len, uint32_t lock)
{
	uint64_t end;
	int err = lock_range(&start, &end, len);

	if (err || start == end)
		return err;
	if (!vma_covers(&mm->vmas, start, end))
		return -ENOMEM;
	err = vma_set_flags(&mm->vmas, start, end, lock, LOCK_FLAGS & ~lock);
	if (!err && lock == VMA_LOCKED)
		err = posix_error(uvm_populate(mm, start, end, POPULATE_AS_MLOCK));
	return err;
}

int uvm_mlock(struct mm *mm, uint64_t start, uint64_t len, int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return set_lock(mm, start, len, VMA_LOCKED | (flags & MLOCK_ONFAULT ? VMA_LOCKONFAULT : 0));
}

int uvm_munlock(struct mm *mm, uint64_t start, uint64_t len)
{
	return set_lock(mm, start, len, 0);
}

int uvm_mlockall(struct mm *mm, int flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	uint32_t lock = VMA_LOCKED | (flags & MCL_ONFAULT ? VMA_LOCKONFAULT : 0);
	mm->def_flags = flags & MCL_FUTURE ? lock : 0;
	if (!(flags & MCL_CURRENT))
		return 0;
	int err = vma_set_flags(&mm->vmas, 0, USER_TOP, lock, LOCK_FLAGS & ~lock);
	if (!err && !(flags & MCL_ONFAULT))
		(void)uvm_populate(mm, 0, USER_TOP, POPULATE_AS_MLOCK);   /* as mm_populate */
	return err;
}

int uvm_munlockall(struct mm *mm)
{
	mm->def_flags = 0;
	return vma_set_flags(&mm->vmas, 0, USER_TOP, 0, LOCK_FLAGS);
}

uint64_t uvm_locked_bytes(struct mm *mm)
{
	uint64_t bytes = 0;

	for (int i = 0; i < mm->vmas.n; i++)
		if (mm->vmas.v[i].flags & VMA_LOCKED)
			bytes += mm->vmas.v[i].end - mm->vmas.v[i].start;
	return bytes;
}
