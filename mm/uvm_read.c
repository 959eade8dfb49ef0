/* Reading another address space from the kernel (/proc/PID/cmdline), as Linux's
 * access_remote_vm: through its page tables, without faulting anything in. */
#include <string.h>
#include "abi/errno.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/uvm.h"

int uvm_read(struct mm *mm, uint64_t va, void *dst, size_t n)
{
	char *d = dst;

	while (n) {
		uint64_t page = PAGE_ROUND_DOWN(va);
		size_t chunk = PAGE_SIZE - (va - page);
		int level;
		if (chunk > n)
			chunk = n;
		if (!vma_find(&mm->vmas, page))
			return -EFAULT;
		pte_t *pte = pt_walk(&kernel_pt_env, mm->root, page, &level);
		if (pte && (*pte & PTE_PRESENT)) {
			uint64_t pa = PTE_TO_PA(*pte) + (va & (PT_LEVEL_SIZE(level) - 1));
			memcpy(d, phys_to_virt(pa), chunk);
		} else {
			memset(d, 0, chunk);   /* never touched: demand-zero */
		}
		va += chunk;
		d += chunk;
		n -= chunk;
	}
	return 0;
}
