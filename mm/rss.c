/* The resident set: pages present in a process's page tables (Linux's get_mm_rss). */
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/uvm.h"
#include "mm/vma.h"

static void count_page(void *arg, uint64_t va, pte_t *pte, int level)
{
	(void)va, (void)pte;
	*(uint64_t *)arg += PT_LEVEL_SIZE(level) / PAGE_SIZE;
}

uint64_t mm_rss(struct mm *mm)
{
	uint64_t pages = 0;

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		pt_for_each_leaf(&kernel_pt_env, mm->root, v->start, v->end - v->start, count_page,
				 &pages);
	}
	return pages;
}
