/* Gathered unmapping (see mm/tlb_gather.h). */
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/tlb.h"
#include "mm/tlb_gather.h"

#define FREE_OUTRIGHT 1UL

/* User mappings: this hart and the harts running the mm, one remote call for the batch
 * (mm/tlb.h). Kernel mappings (only kernel stacks are ever unmapped): this hart; the
 * others flush before they touch a stack slot again (mm/kstack.c). */
static void flush(const struct tlb_gather *g)
{
	if (g->mm && g->tables)
		tlb_flush_mm(g->mm);
	else if (g->mm)
		tlb_flush_range(g->mm, g->start, g->end);
	else {
		int all = g->tables || (g->end - g->start) / PAGE_SIZE > TLB_FLUSH_PAGES_MAX;
		if (all)
			sfence_vma_all();
		else
			for (uint64_t va = g->start; va < g->end; va += PAGE_SIZE)
				sfence_vma_page(va);
	}
}

static void flush_and_free(struct tlb_gather *g)
{
	if (g->next == g->page)
		return;
	flush(g);
	/* The pages that go are freed together: one taking of the allocator's lock. */
	uint64_t freed[TLB_GATHER_MAX];
	size_t n = 0;
	for (const uint64_t *p = g->page, *end = g->next; p < end; p++) {
		if (*p & FREE_OUTRIGHT)
			freed[n++] = *p & ~FREE_OUTRIGHT;
		else if (pageref_drop(*p))
			freed[n++] = *p;
	}
	page_free_batch(freed, n);
	g->tables = false;
	g->next = g->page;
}

/* The env's free_table: pt_unmap has just unlinked the table. */
static void gather_table(void *ctx, uint64_t pa)
{
	struct tlb_gather *g = ctx;

	g->tables = true;
	*g->next++ = pa | FREE_OUTRIGHT;
	if (g->next == g->page + TLB_GATHER_MAX)
		flush_and_free(g);
}

void tlb_gather_init(struct tlb_gather *g, struct mm *mm, uint64_t start, uint64_t end)
{
	g->env = kernel_pt_env;
	g->env.free_table = gather_table;
	g->env.ctx = g;
	g->mm = mm;
	g->leaf_tag = mm ? 0 : FREE_OUTRIGHT;
	g->start = start;
	g->end = end;
	g->tables = false;
	g->next = g->page;
}

void tlb_gather_leaf(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte)
{
	struct tlb_gather *g = arg;
	(void)va, (void)size, (void)pte;

	*g->next++ = pa | g->leaf_tag;
	/* Last, as a tail call: the per-page path saves no registers. */
	if (g->next == g->page + TLB_GATHER_MAX)
		flush_and_free(g);
}

void tlb_gather_finish(struct tlb_gather *g)
{
	flush_and_free(g);
}
