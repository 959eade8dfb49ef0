/* fork's copy of private memory (see uvm_fork_range in mm/uvm.h), a leaf table at a time:
 * one walk per 2 MiB in each tree and one hold of the share-count lock per table, instead
 * of a walk from the root in both trees and a lock per page. */
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/uvm.h"

/* Entries [first, end) of the parent's table from go to the child's table to: each
 * present page becomes copy-on-write in both (write-protected and marked, whatever the
 * range allows; see mm_fork) and gets one more holder. On -ENOMEM the entries copied so
 * far stay, each with its holder counted, so the child's teardown undoes them. */
static int copy_entries(pte_t *from, pte_t *to, unsigned first, unsigned end)
{
	struct pageref_batch batch;
	int err = 0;

	pageref_batch_begin(&batch);
	for (unsigned i = first; i < end; i++) {
		pte_t pte = from[i];
		if (!(pte & PTE_PRESENT))
			continue;
		pte = (pte & ~PTE_W) | PTE_COW;
		err = pageref_batch_share(&batch, PTE_TO_PA(pte));
		if (err)
			break;
		from[i] = pte;
		to[i] = pte;
	}
	pageref_batch_end(&batch);
	return err;
}

int uvm_fork_range(struct mm *child, struct mm *parent, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end;) {
		uint64_t next = (va | (MEGAPAGE_SIZE - 1)) + 1;
		if (next > end)
			next = end;
		pte_t *from = pt_leaf_table(&kernel_pt_env, parent->root, va);
		if (from) {
			unsigned first = (va >> PAGE_SHIFT) & (PT_ENTRIES - 1);
			pte_t *to = pt_walk_alloc(&kernel_pt_env, child->root, va);
			if (!to)
				return -ENOMEM;
			int err = copy_entries(from, to - first, first,
					       first + ((next - va) >> PAGE_SHIFT));
			if (err)
				return err;
		}
		va = next;
	}
	return 0;
}
