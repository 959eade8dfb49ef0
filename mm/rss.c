/* The resident set: pages present in a process's page tables (Linux's get_mm_rss). Counted
 * a leaf table at a time (user memory has 4 KiB leaves only), as exit measures it for
 * ru_maxrss: a tight loop over entries instead of a call per page. */
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/uvm.h"
#include "mm/vma.h"

static uint64_t present_in(const pte_t *entries, unsigned first, unsigned end)
{
	uint64_t n = 0;

	for (unsigned i = first; i < end; i++)
		n += (entries[i] & PTE_PRESENT) != 0;
	return n;
}

uint64_t mm_rss(struct mm *mm)
{
	uint64_t pages = 0;

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		for (uint64_t va = v->start; va < v->end;) {
			uint64_t next = (va | (MEGAPAGE_SIZE - 1)) + 1;
			if (next > v->end)
				next = v->end;
			const pte_t *table = pt_leaf_table(&kernel_pt_env, mm->root, va);
			unsigned first = (va >> PAGE_SHIFT) & (PT_ENTRIES - 1);
			if (table)
				pages += present_in(table, first,
						    first + ((next - va) >> PAGE_SHIFT));
			va = next;
		}
	}
	return pages;
}
