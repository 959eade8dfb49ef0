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
#include "mm/asid.h"
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

/* Other harts, by IPI (mm/tlb_remote.c, docs/smp.md). `harts` is a mask of struct cpu
 * indexes. Each returns once the harts have fenced, so a page may be freed right after.
 * The range forms flush everything when size is TLB_FLUSH_ALL. */
#define TLB_FLUSH_ALL (~0UL)
void remote_sfence_vma_asid(uint64_t harts, uint64_t start, uint64_t size, uint64_t asid);
void remote_fence_i(uint64_t harts);
/* Does the fences other harts asked of this one, and tells them: called on every IPI
 * (smp_ipi_received) and while the hart waits for another (spin_wait_relax). */
void tlb_answer_requests(void);
/* This hart's bit. */
#ifdef HOST_TEST
uint64_t tlb_this_hart(void);
#else
#include "kernel/cpu.h"
static inline uint64_t tlb_this_hart(void)
{
	return 1UL << this_cpu()->index;
}
#endif

static inline uint16_t mm_asid(const struct mm *mm)
{
	return asid_of(__atomic_load_n(&mm->context, __ATOMIC_RELAXED));
}

/* The harts besides this one that must flush mm's translations now: those running it.
 * The others that may hold them (mm->harts) are marked stale instead and flush when they
 * next switch to it. The SC fence orders the PTE stores before the reads of the masks,
 * and marking before reading `active` pairs with mm_activate, which sets its `active`
 * bit before it reads its stale bit: either this read sees the hart running mm, or that
 * hart sees the mark (and walks the new PTEs). */
static inline uint64_t tlb_other_harts(struct mm *mm)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uint64_t cached = __atomic_load_n(&mm->harts, __ATOMIC_RELAXED) & ~tlb_this_hart();
	if (!cached)
		return 0;
	__atomic_fetch_or(&mm->tlb_stale, cached, __ATOMIC_SEQ_CST);
	return __atomic_load_n(&mm->active, __ATOMIC_SEQ_CST) & cached;
}

/* A user address space's entries: this hart by instruction, the others running mm by
 * one request to them all. Without ASIDs every process runs as ASID 0, whose non-global entries are
 * exactly the user mappings. */
static inline void tlb_flush_page(struct mm *mm, uint64_t va)
{
	uint16_t asid = mm_asid(mm);
	sfence_vma_page_asid(va, asid);
	uint64_t others = tlb_other_harts(mm);
	if (others)
		remote_sfence_vma_asid(others, va, PAGE_SIZE, asid);
}

/* A new entry where there was none: only this hart can hold a stale invalid entry worth
 * flushing now; another hart that does faults, finds the entry present and flushes itself
 * (uvm_fault). */
static inline void tlb_flush_page_local(const struct mm *mm, uint64_t va)
{
	sfence_vma_page_asid(va, mm_asid(mm));
}

static inline void tlb_flush_mm(struct mm *mm)
{
	uint16_t asid = mm_asid(mm);
	sfence_vma_asid(asid);
	uint64_t others = tlb_other_harts(mm);
	if (others)
		remote_sfence_vma_asid(others, 0, TLB_FLUSH_ALL, asid);
}

/* One remote call for the whole range, never one per page. */
static inline void tlb_flush_range(struct mm *mm, uint64_t start, uint64_t end)
{
	if ((end - start) / PAGE_SIZE > TLB_FLUSH_PAGES_MAX) {
		tlb_flush_mm(mm);
		return;
	}
	uint16_t asid = mm_asid(mm);
	for (uint64_t va = start; va < end; va += PAGE_SIZE)
		sfence_vma_page_asid(va, asid);
	uint64_t others = tlb_other_harts(mm);
	if (others)
		remote_sfence_vma_asid(others, start, end - start, asid);
}

/* Code was written into mm (unprivileged spec, "Zifencei": stores reach instruction fetch
 * only through fence.i on the fetching hart). This hart fences now; harts that may be
 * running mm now fence by request; every other hart is marked and fences when it next
 * switches to mm (mm_activate, which sets its `active` bit before it reads the mark: the
 * same pairing as tlb_other_harts), as Linux's flush_icache_mm. Marking all harts, not only
 * those in mm->harts, covers a hart whose instruction cache holds the page's old contents
 * from another address space. */
static inline void tlb_sync_icache(struct mm *mm)
{
	uint64_t self = tlb_this_hart();
	fence_i();
	__atomic_fetch_or(&mm->icache_stale, ~self, __ATOMIC_SEQ_CST);
	uint64_t others = __atomic_load_n(&mm->active, __ATOMIC_SEQ_CST) & ~self;
	if (others)
		remote_fence_i(others);
}

#endif
