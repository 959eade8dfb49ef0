/* ktest=latemap: kernel address space upkeep. */
#include "kernel/printk.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "mm/uvm.h"
#include "tests/ktest/ktest.h"

/* Device registers mapped after a process's root exists, at a physical address (100 GiB:
 * above RAM, below the kernel stacks' area) whose direct-map root entry was still empty,
 * must be mapped in that root too: the kernel runs on every process's tables. */
int ktest_latemap(const struct dt_info *dt)
{
	(void)dt;
	uint64_t pa = 100UL << 30, va = DIRECT_MAP_BASE + pa;
	const pte_t *kroot = phys_to_virt(kernel_root);
	unsigned index = (va >> 30) & (PT_ENTRIES - 1);

	KCHECK(kroot[index] == 0);
	struct mm *mm = mm_create();
	KCHECK(mm != NULL);
	KCHECK(kvm_map_mmio(pa, PAGE_SIZE) == va);
	KCHECK(pt_walk(&kernel_pt_env, kernel_root, va, NULL) != NULL);
	KCHECK(pt_walk(&kernel_pt_env, mm->root, va, NULL) != NULL);
	struct mm *later = mm_create();
	KCHECK(later && pt_walk(&kernel_pt_env, later->root, va, NULL) != NULL);
	mm_put(later);
	mm_put(mm);
	printk("ktest latemap: a root made before the mapping sees it\n");
	return 0;
}
