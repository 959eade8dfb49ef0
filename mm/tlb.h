/* TLB maintenance for user address spaces, as narrow as is correct (privileged spec,
 * "SFENCE.VMA"): one page of one ASID where possible. Without ASIDs (asid 0) the
 * per-address form flushes that address for every address space, which is still right. */
#ifndef MM_TLB_H
#define MM_TLB_H
#include <stdint.h>
#include "mm/uvm.h"

/* Beyond this many pages one whole-ASID flush is cheaper than per-page flushes. */
#define TLB_FLUSH_PAGES_MAX 32

static inline void tlb_flush_page(const struct mm *mm, uint64_t va)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"((uint64_t)mm->asid) : "memory");
}

static inline void tlb_flush_mm(const struct mm *mm)
{
	if (mm->asid)
		__asm__ volatile("sfence.vma zero, %0" ::"r"((uint64_t)mm->asid) : "memory");
	else
		__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void tlb_flush_range(const struct mm *mm, uint64_t start, uint64_t end)
{
	if ((end - start) / PAGE_SIZE > TLB_FLUSH_PAGES_MAX) {
		tlb_flush_mm(mm);
		return;
	}
	for (uint64_t va = start; va < end; va += PAGE_SIZE)
		tlb_flush_page(mm, va);
}

#endif
