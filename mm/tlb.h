/* The hart's address-translation and instruction-fetch upkeep (RISC-V privileged spec,
 * "Supervisor Memory-Management Fence Instruction"; unprivileged spec, "Zifencei").
 *
 * sfence.vma rs1, rs2: rs1 = x0 flushes every address and orders writes to every level of
 * the tables, rs1 = va only the leaf entry for va (not the tables above it); rs2 = x0 covers
 * every address space, global kernel mappings included, rs2 = asid only that ASID's
 * non-global entries. fence.i makes this hart's earlier stores visible to its own
 * instruction fetch.
 *
 * The instructions are the only hardware this file touches: host unit tests (HOST_TEST)
 * supply counting versions of them (tests/host/test_uvm.c). */
#ifndef MM_TLB_H
#define MM_TLB_H
#include <stdint.h>
#include "mm/uvm.h"

/* Beyond this many pages one whole-ASID flush is cheaper than per-page flushes. */
#define TLB_FLUSH_PAGES_MAX 32

#ifdef HOST_TEST
void sfence_vma_page_asid(uint64_t va, uint64_t asid);
void sfence_vma_asid(uint64_t asid);
void sfence_vma_page(uint64_t va);
void sfence_vma_all(void);
void fence_i(void);
void satp_write(uint64_t satp);
#else
static inline void sfence_vma_page_asid(uint64_t va, uint64_t asid)
{
	__asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}

static inline void sfence_vma_asid(uint64_t asid)
{
	__asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
}

/* One address in every address space (global kernel mappings too). */
static inline void sfence_vma_page(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void fence_i(void)
{
	__asm__ volatile("fence.i" ::: "memory");
}

static inline void satp_write(uint64_t satp)
{
	__asm__ volatile("csrw satp, %0" ::"r"(satp) : "memory");
}
#endif

/* A user address space's entries. Without ASIDs every process runs as ASID 0, whose
 * non-global entries are exactly the user mappings. */
static inline void tlb_flush_page(const struct mm *mm, uint64_t va)
{
	sfence_vma_page_asid(va, mm->asid);
}

static inline void tlb_flush_mm(const struct mm *mm)
{
	sfence_vma_asid(mm->asid);
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
