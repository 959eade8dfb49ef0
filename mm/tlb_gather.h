/* Unmapping in three steps, as Linux's mmu_gather (mm/mmu_gather.c): take leaves and
 * tables out of the tree, flush the TLB, and only then free what was taken out, so that
 * no translation the TLB still holds leads to a freed page. The TLB may cache non-leaf
 * entries as well: once a table page is freed the flush has rs1 = x0, which covers every
 * level, where a flush by address covers only the leaf (privileged spec, "Supervisor
 * Memory-Management Fence Instruction").
 *
 *     struct tlb_gather g;
 *     tlb_gather_init(&g, mm, va, va + size);
 *     pt_unmap(&g.env, root, va, size, tlb_gather_leaf, &g);
 *     tlb_gather_finish(&g);
 *
 * A gather that fills up flushes and frees what it holds at once and goes on. */
#ifndef MM_TLB_GATHER_H
#define MM_TLB_GATHER_H
#include <stdbool.h>
#include <stdint.h>
#include "mm/pagetable.h"
#include "mm/uvm.h"

#define TLB_GATHER_MAX 64

struct tlb_gather {
	struct pt_env env;      /* the kernel's, but table pages it frees go to the gather */
	struct mm *mm;          /* whose entries; NULL: global kernel mappings */
	uint64_t start, end;    /* the range being unmapped: what a flush covers */
	bool tables;            /* a table page was taken out since the last flush */
	/* Page addresses; bit 0 set: freed outright (a table, a kernel page), clear: a user
	 * page, which loses one holder (mm/pageref.h). */
	uint64_t page[TLB_GATHER_MAX];
	uint64_t *next;         /* the first free slot of page[] */
	uint64_t leaf_tag;      /* bit 0 for the leaves' pages */
};

/* A gather for unmapping [start, end) of mm, or of the kernel's mappings (mm NULL: pages
 * the kernel owned). */
void tlb_gather_init(struct tlb_gather *g, struct mm *mm, uint64_t start, uint64_t end);
/* A pt_leaf_fn: takes in a page leaf pt_unmap removed. */
void tlb_gather_leaf(void *g, uint64_t va, uint64_t pa, uint64_t size, pte_t pte);
/* Flushes and frees what is left. */
void tlb_gather_finish(struct tlb_gather *g);

#endif
