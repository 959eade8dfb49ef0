/* mremap(2) with Linux's checks and errors (mm/mremap.c): shrinking unmaps the tail,
 * growing extends the range in place when the space after it is free, and with
 * MREMAP_MAYMOVE (or MREMAP_FIXED, at new_addr) the range moves: its page-table entries go
 * to the new address, each page changing places without being copied. MREMAP_DONTUNMAP
 * leaves the old range mapped and empty. Duplicating a shared mapping (old_len 0) is not
 * supported (EINVAL). */
#include "abi/errno.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/tlb.h"
#include "mm/uvm.h"

#define MREMAP_ALL (MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)

/* The old range's pages, entries as they are (COW marks included), at new; each page
 * is counted once more and loses the old mapping when the old range is unmapped. */
static int move_entries(struct mm *mm, uint64_t old, uint64_t len, uint64_t new)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		pte_t *pte = pt_walk(&kernel_pt_env, mm->root, old + off, NULL);
		if (!pte || !(*pte & PTE_PRESENT))
			continue;
		uint64_t pa = PTE_TO_PA(*pte);
		if (pageref_share(pa))
			return -ENOMEM;
		if (pt_map(&kernel_pt_env, mm->root, new + off, pa, PAGE_SIZE,
			   *pte & PTE_PERM_MASK, 0)) {
			pageref_drop(pa);
			return -ENOMEM;
		}
	}
	tlb_flush_range(mm, new, new + len);
	return 0;
}

/* Moves [old, old + old_len) of v to new, new_len long (the space there is free). */
static long move_range(struct mm *mm, const struct vma *v, uint64_t old, uint64_t old_len,
		       uint64_t new, uint64_t new_len, int flags)
{
	struct vma r = *v;   /* v moves once the set changes */
	uint64_t pgoff = r.obj ? r.pgoff + ((old - r.start) >> PAGE_SHIFT) : 0;
	uint64_t grow = flags & MREMAP_DONTUNMAP ? new_len : new_len - old_len;

	if (new_len > old_len || (flags & MREMAP_DONTUNMAP))
		if (!uvm_may_expand(mm, grow, r.prot, r.flags))
			return -ENOMEM;
	if (r.obj)
		vmobj_get(r.obj);
	int err = vma_insert_obj(&mm->vmas, new, new + new_len, r.prot, r.flags, r.obj, pgoff);
	if (err) {
		if (r.obj)
			vmobj_put(r.obj);
		return err;
	}
	err = move_entries(mm, old, old_len < new_len ? old_len : new_len, new);
	if (err) {
		uvm_munmap(mm, new, new_len);
		return err;
	}
	if (flags & MREMAP_DONTUNMAP)
		uvm_zap(mm, old, old + old_len);
	else
		uvm_munmap(mm, old, old_len);
	return (long)new;
}

long uvm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
		uint64_t new_addr)
{
	if ((flags & ~MREMAP_ALL) || (old & (PAGE_SIZE - 1)))
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	if (PAGE_ROUND_UP(old_len) < old_len || PAGE_ROUND_UP(new_len) < new_len)
		return -EINVAL;
	old_len = PAGE_ROUND_UP(old_len);
	new_len = PAGE_ROUND_UP(new_len);
	if (!new_len || !old_len)
		return -EINVAL;
	if ((flags & MREMAP_FIXED) &&
	    ((new_addr & (PAGE_SIZE - 1)) || !uvm_fixed_range_ok(new_addr, new_len) ||
	     (new_addr < old + old_len && old < new_addr + new_len)))
		return -EINVAL;
	/* The old span must lie in one range (Linux: vma_lookup, then EFAULT). */
	struct vma *v = vma_find(&mm->vmas, old);
	if (!v || old_len > v->end - old)
		return -EFAULT;

	if (flags & MREMAP_FIXED) {
		int err = uvm_munmap(mm, new_addr, new_len);
		if (err)
			return err;
		v = vma_find(&mm->vmas, old);
		return move_range(mm, v, old, old_len, new_addr, new_len, flags);
	}
	if (new_len <= old_len && !(flags & MREMAP_DONTUNMAP)) {
		if (new_len < old_len)
			uvm_munmap(mm, old + new_len, old_len - new_len);
		return (long)old;
	}
	/* In place: the range ends where the old span does, and the space after is free. */
	uint64_t grow = new_len - old_len;
	if (!(flags & MREMAP_DONTUNMAP) && old + old_len == v->end &&
	    uvm_fixed_range_ok(old, new_len) && !vma_overlaps(&mm->vmas, v->end, v->end + grow)) {
		struct vma r = *v;
		if (!uvm_may_expand(mm, grow, r.prot, r.flags))
			return -ENOMEM;
		if (r.obj)
			vmobj_get(r.obj);
		uint64_t pgoff = r.obj ? r.pgoff + ((r.end - r.start) >> PAGE_SHIFT) : 0;
		int err = vma_insert_obj(&mm->vmas, r.end, r.end + grow, r.prot, r.flags, r.obj,
					 pgoff);
		if (err) {
			if (r.obj)
				vmobj_put(r.obj);
			return err;
		}
		if ((r.flags & VMA_LOCKED) && !(r.flags & VMA_LOCKONFAULT))
			(void)uvm_populate(mm, r.end, r.end + grow, POPULATE_AS_MLOCK);
		return (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t new = vma_find_gap(&mm->vmas, new_len, MMAP_MIN_ADDR, MMAP_TOP);
	if (!new)
		return -ENOMEM;
	return move_range(mm, v, old, old_len, new, new_len, flags);
}
