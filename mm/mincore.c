/* mincore(2) with Linux's checks and errors (mm/mincore.c): one byte per page, 1 when the
 * page is in memory: mapped here, or held by the range's object (a file's page that this
 * process has not touched, as Linux answers from the page cache). */
#include "abi/errno.h"
#include "mm/page.h"
#include "mm/usercopy.h"
#include "mm/uvm.h"

#define CHUNK 64   /* bytes of vec copied out at a time */

static int resident(struct mm *mm, const struct vma *v, uint64_t va)
{
	int level;
	pte_t *pte = pt_walk(&kernel_pt_env, mm->root, va, &level);

	if (pte && (*pte & PTE_PRESENT))
		return 1;
	return v->obj && vmobj_resident(v->obj, v->pgoff + ((va - v->start) >> PAGE_SHIFT));
}

int uvm_mincore(struct mm *mm, uint64_t start, uint64_t len, uint64_t vec)
{
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (start >= USER_TOP || len > USER_TOP - start)
		return -ENOMEM;
	uint64_t pages = PAGE_ROUND_UP(len) >> PAGE_SHIFT;
	if (vec >= USER_TOP || pages > USER_TOP - vec)
		return -EFAULT;
	unsigned char buf[CHUNK];
	for (uint64_t i = 0; i < pages; i += CHUNK) {
		uint64_t n = pages - i < CHUNK ? pages - i : CHUNK;
		/* Under the address-space lock, but not the copy: a fault in it takes the lock. */
		mm_lock(mm);
		for (uint64_t j = 0; j < n; j++) {
			uint64_t va = start + ((i + j) << PAGE_SHIFT);
			struct vma *v = vma_find(&mm->vmas, va);
			if (!v) {
				mm_unlock(mm);
				return -ENOMEM;
			}
			buf[j] = (unsigned char)resident(mm, v, va);
		}
		mm_unlock(mm);
		if (copy_to_user(vec + i, buf, n))
			return -EFAULT;
	}
	return 0;
}
