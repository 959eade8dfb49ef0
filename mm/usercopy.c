/* Checked user copies (see mm/usercopy.h). sstatus.SUM lets S-mode touch U pages
 * (privileged spec, "Supervisor Status Register"); it is set only around the copy. */
#include "abi/errno.h"
#include "kernel/proc.h"
#include "mm/memlayout.h"
#include "mm/usercopy.h"
#include "mm/uvm.h"
#include "trap/trap.h"

long user_copy_raw(void *dst, const void *src, size_t n);
long user_strncpy_raw(char *dst, const char *src, size_t max);

int user_range_ok(uint64_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

/* How many bytes from addr (at most n) the current process's ranges allow with prot (any
 * of its bits). The ranges decide, as for the program's own accesses in uvm_fault: reads
 * ask for VMA_READABLE, so write-only memory is readable here too. */
static size_t user_accessible(uint64_t addr, size_t n, uint32_t prot)
{
	struct proc *p = current_proc();
	uint64_t va = addr, end = addr + n;

	if (!p || !p->mm)
		return n;
	/* The ranges under the address-space lock; the copy itself runs without it. A range
	 * another thread changes in between is caught by the page tables: the copy faults
	 * and uvm_fault refuses it. */
	mm_lock_shared(p->mm);
	while (va < end) {
		struct vma *v = vma_find(&p->mm->vmas, va);
		if (!v || !(v->prot & prot))
			break;
		va = v->end;
	}
	mm_unlock_shared(p->mm);
	return va >= end ? n : va - addr;
}

static inline void user_access_begin(void) { __asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SUM)); }
static inline void user_access_end(void) { __asm__ volatile("csrc sstatus, %0" ::"r"(SSTATUS_SUM)); }

int copy_to_user(uint64_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n) || user_accessible(dst, n, VMA_WRITE) < n)
		return -EFAULT;
	user_access_begin();
	long r = user_copy_raw((void *)dst, src, n);
	user_access_end();
	return (int)r;
}

int copy_from_user(void *dst, uint64_t src, size_t n)
{
	if (!user_range_ok(src, n) || user_accessible(src, n, VMA_READABLE) < n)
		return -EFAULT;
	user_access_begin();
	long r = user_copy_raw(dst, (const void *)src, n);
	user_access_end();
	return (int)r;
}

long strncpy_from_user(char *dst, uint64_t src, size_t max)
{
	if (src >= USER_TOP || max == 0)
		return -EFAULT;
	size_t limit = max > USER_TOP - src ? USER_TOP - src : max;
	limit = user_accessible(src, limit, VMA_READABLE);
	user_access_begin();
	long r = user_strncpy_raw(dst, (const char *)src, limit);
	user_access_end();
	if (r < 0 || r < (long)limit)
		return r;
	return limit < max ? -EFAULT : -ENAMETOOLONG;
}
