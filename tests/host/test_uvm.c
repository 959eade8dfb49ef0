/* Host tests for user address spaces and their upkeep (mm/uvm.c, mmap.c, vmobj.c,
 * tlb_gather.c, kstack.c and what they use: vma.c, pagearray.c, pageref.c, pagetable.c)
 * over simulated physical memory (tests/host/sim_mem.c), with the page allocator replaced
 * by the simulation and the heap by malloc.
 *
 * The test plays the hardware: a user access goes through the page tables as the MMU
 * would, and when they refuse it the access faults into uvm_fault and is retried, as the
 * trap path does; the fence instructions of mm/tlb.h are recorded. Every case ends with
 * all pages and heap blocks given back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "mm/asid.h"
#include "mm/kstack.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/tlb.h"
#include "mm/tlb_gather.h"
#include "mm/uvm.h"
#include "mm/vmobj.h"
#include "tests/host/check.h"
#include "tests/host/host_kmalloc.h"
#include "tests/host/sim_mem.h"

#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)
#define PRIVATE (MAP_PRIVATE | MAP_ANONYMOUS)
/* A 2 MiB-aligned address: mappings there have a level-0 table to themselves. */
#define ALONE 0x40000000UL

/* ---- the kernel around mm/: page allocator, ASIDs, kernel tables, panic ---- */

uint64_t pmm_alloc(struct pmm *pmm)
{
	(void)pmm;
	return sim_alloc(NULL);
}

static void freeing(uint64_t pa);

int pmm_free_page(struct pmm *pmm, uint64_t pa, const void *caller)
{
	(void)pmm, (void)caller;
	freeing(pa);
	sim_free(NULL, pa);
	return 0;
}

void zero_page(void *va)
{
	memset(va, 0, PAGE_SIZE);
}

void copy_page(void *dst, const void *src)
{
	memcpy(dst, src, PAGE_SIZE);
}

uint64_t kernel_root;

uint64_t asid_mask = 0xffff;

/* The kernel's tables: one root (kernel_root) and no process roots to keep in step. */
void kvm_share_kernel(struct kvm_user_root *r, uint64_t root)
{
	r->root = root;
}

void kvm_unshare_kernel(struct kvm_user_root *r)
{
	(void)r;
}

int kvm_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t perm, int max_level)
{
	return pt_map(&kernel_pt_env, kernel_root, va, pa, size, perm | PTE_G, max_level);
}

void kvm_unmap(uint64_t va, uint64_t size, struct tlb_gather *g)
{
	pt_unmap(&g->env, kernel_root, va, size, tlb_gather_leaf, g);
}

void panic(const char *fmt, ...)
{
	fprintf(stderr, "panic: %s\n", fmt);
	abort();
}

/* ---- the hart: fences recorded ---- */

struct fences {
	int page_asid, asid, page, all, fence_i;
};

static struct fences fences;

/* Pages and tables the test watches as they are unmapped: each must be freed only after
 * a flush that covers it once it is out of the tree. A leaf is covered by a flush of its
 * address or of everything; a table only by a flush with rs1 = x0 (privileged spec: a
 * flush by address orders only the leaf entry). */
struct watched {
	uint64_t root, va, pa;
	bool table;
	bool flushed;   /* out of the tree, and a covering flush came */
	bool remote_flushed;   /* the same on the other harts (remote_sfence_vma_asid) */
};

/* Set while the address space under test has run on hart 1 too: pages must then be freed
 * only after a remote flush covers them. */
static bool expect_remote;

static struct watched watched[8];
static int nwatched, freed_unflushed;

static pte_t *pte_at(uint64_t root, uint64_t va);
static uint64_t table_of(uint64_t root, uint64_t va);

static void watch(uint64_t root, uint64_t va, bool table)
{
	uint64_t pa = table ? table_of(root, va) : PTE_TO_PA(*pte_at(root, va));
	watched[nwatched++] = (struct watched){ root, va, pa, table, false, false };
}

static bool out_of_tree(struct watched *w)
{
	if (w->table)
		return table_of(w->root, w->va) != w->pa;
	pte_t *pte = pte_at(w->root, w->va);
	return !pte || PTE_TO_PA(*pte) != w->pa;
}

/* A flush of one address (va) or of every address (all). */
static void flushed(uint64_t va, bool all)
{
	for (int i = 0; i < nwatched; i++) {
		struct watched *w = &watched[i];
		if (!w->flushed && (all || (!w->table && va == w->va)) && out_of_tree(w))
			w->flushed = true;
	}
}

static void freeing(uint64_t pa)
{
	for (int i = 0; i < nwatched; i++)
		if (watched[i].pa == pa &&
		    (!watched[i].flushed || (expect_remote && !watched[i].remote_flushed)))
			freed_unflushed++;
}

void sfence_vma_page_asid(uint64_t va, uint64_t asid)
{
	(void)asid;
	fences.page_asid++;
	flushed(va, false);
}

void sfence_vma_asid(uint64_t asid)
{
	(void)asid;
	fences.asid++;
	flushed(0, true);
}

void sfence_vma_page(uint64_t va)
{
	fences.page++;
	flushed(va, false);
}

void sfence_vma_all(void)
{
	fences.all++;
	flushed(0, true);
}

void fence_i(void)
{
	fences.fence_i++;
}

void satp_write(uint64_t satp)
{
	(void)satp;
}

/* ---- other harts: this test runs as hart 0; hart 1 is started ---- */

#define HART0 1UL
#define HART1 2UL

/* Remote fences: how many calls, and the last call's arguments. */
struct remote {
	int sfence_asid, fence_i;
	uint64_t harts, start, size;
};

static struct remote remote;

uint64_t tlb_this_hart(void)
{
	return HART0;
}

void remote_sfence_vma_asid(uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	(void)asid;
	for (int i = 0; i < nwatched; i++) {
		struct watched *w = &watched[i];
		bool all = size == TLB_FLUSH_ALL;
		if ((all || (!w->table && w->va >= start && w->va - start < size)) && out_of_tree(w))
			w->remote_flushed = true;
	}
	remote.sfence_asid++;
	remote.harts = harts;
	remote.start = start;
	remote.size = size;
}


void remote_fence_i(uint64_t harts)
{
	remote.fence_i++;
	remote.harts = harts;
}

static void fences_reset(void)
{
	memset(&fences, 0, sizeof(fences));
	memset(&remote, 0, sizeof(remote));
	nwatched = 0;
	freed_unflushed = 0;
}

/* ---- user accesses through the tables ---- */

static pte_t *pte_at(uint64_t root, uint64_t va)
{
	return pt_walk(&kernel_pt_env, root, va, NULL);
}

static pte_t *pte_of(struct mm *mm, uint64_t va)
{
	return pte_at(mm->root, va);
}

/* 1 if the MMU lets a user access through (privileged spec, "Virtual Address Translation
 * Process": V, U and the permission bit). */
static int mmu_allows(struct mm *mm, uint64_t va, enum fault_access access)
{
	pte_t *pte = pte_of(mm, va);
	uint64_t need = access == FAULT_WRITE ? PTE_W : access == FAULT_EXEC ? PTE_X : PTE_R;

	return pte && (*pte & PTE_V) && (*pte & PTE_U) && (*pte & need);
}

/* The byte a user access reaches, after the fault it may take; NULL when the process would
 * be killed (the fault's error in *err). */
static uint8_t *user_access(struct mm *mm, uint64_t va, enum fault_access access, int *err)
{
	*err = 0;
	if (!mmu_allows(mm, va, access)) {
		*err = uvm_fault(mm, va, access);
		if (*err)
			return NULL;
		if (!mmu_allows(mm, va, access)) {
			*err = -EFAULT;   /* it would fault forever */
			return NULL;
		}
	}
	return (uint8_t *)phys_to_virt(PTE_TO_PA(*pte_of(mm, va))) + (va & (PAGE_SIZE - 1));
}

static int uwrite(struct mm *mm, uint64_t va, uint8_t value)
{
	int err;
	uint8_t *p = user_access(mm, va, FAULT_WRITE, &err);
	if (p)
		*p = value;
	return err;
}

/* The byte at va, or a negative errno. */
static int uread(struct mm *mm, uint64_t va)
{
	int err;
	uint8_t *p = user_access(mm, va, FAULT_READ, &err);
	return p ? *p : err;
}

static int uexec(struct mm *mm, uint64_t va)
{
	int err;
	return user_access(mm, va, FAULT_EXEC, &err) ? 0 : err;
}

/* Physical page behind va, or 0. */
static uint64_t pa_of(struct mm *mm, uint64_t va)
{
	pte_t *pte = pte_of(mm, va);
	return pte ? PTE_TO_PA(*pte) : 0;
}

/* The level-0 table holding va's entry, or 0. */
static uint64_t table_of(uint64_t root, uint64_t va)
{
	pte_t top = ((pte_t *)phys_to_virt(root))[(va >> 30) & 511];
	if (!(top & PTE_V))
		return 0;
	pte_t mid = ((pte_t *)phys_to_virt(PTE_TO_PA(top)))[(va >> 21) & 511];
	return mid & PTE_V ? PTE_TO_PA(mid) : 0;
}

static uint64_t map(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags)
{
	long r = uvm_mmap(mm, addr, len, prot, flags, NULL, 0);
	CHECK(r > 0);
	return r > 0 ? (uint64_t)r : 0;
}

/* ---- cases ---- */

static size_t pages_at_start;
static long blocks_at_start;

static struct mm *start(void)
{
	fences_reset();
	pages_at_start = sim.allocated;
	blocks_at_start = live_allocations;
	struct mm *mm = mm_create();
	CHECK(mm != NULL);
	return mm;
}

/* Everything given back: pages, tables, heap blocks (share counts included). */
static void check_all_freed(void)
{
	CHECK(sim.allocated == pages_at_start);
	CHECK(live_allocations == blocks_at_start);
}

/* Pages appear zeroed at the first touch; munmap and teardown give everything back. */
static void test_demand_zero_and_teardown(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, 0, 4 * PAGE_SIZE, RW, PRIVATE);

	CHECK(pa_of(mm, a) == 0);
	CHECK(uread(mm, a + 5) == 0);
	CHECK(uwrite(mm, a + PAGE_SIZE, 7) == 0 && uread(mm, a + PAGE_SIZE) == 7);
	CHECK(uwrite(mm, a + 3 * PAGE_SIZE, 9) == 0);
	CHECK(uvm_munmap(mm, a + PAGE_SIZE, PAGE_SIZE) == 0);
	CHECK(pa_of(mm, a + PAGE_SIZE) == 0 && uread(mm, a + PAGE_SIZE) == -EFAULT);
	CHECK(uread(mm, a + 3 * PAGE_SIZE) == 9);
	mm_put(mm);
	check_all_freed();
}

/* The fault path's table of leaf bits says what pt_leaf says, for every protection. */
static void test_leaf_bits(void)
{
	struct mm *mm = start();

	for (uint32_t prot = 0; prot < 8; prot++) {
		uint64_t va = 0x10000 + prot * PAGE_SIZE;
		CHECK(uvm_add_range(mm, va, va + PAGE_SIZE, prot, 0) == 0);
		CHECK(uvm_write(mm, va, "", 1) == 0);
		CHECK(*pte_of(mm, va) == pt_leaf(pa_of(mm, va), uvm_pte_perm(prot)));
	}
	mm_put(mm);
	check_all_freed();
}

/* The leaf R/W/X bits of a private page under each protection, from Linux riscv's
 * protection_map (arch/riscv/mm/init.c): write implies read (PAGE_COPY is readable, and
 * the write fault makes it writable too), PROT_EXEC alone is PAGE_EXEC, X only, and
 * PROT_NONE is PAGE_NONE, no valid entry. */
static const uint64_t linux_riscv_rwx[8] = {
	[PROT_NONE] = 0,
	[PROT_READ] = PTE_R,
	[PROT_WRITE] = PTE_R | PTE_W,
	[RW] = PTE_R | PTE_W,
	[PROT_EXEC] = PTE_X,
	[RX] = PTE_R | PTE_X,
	[PROT_WRITE | PROT_EXEC] = PTE_R | PTE_W | PTE_X,
	[RWX] = PTE_R | PTE_W | PTE_X,
};

/* The bits a page ends up with, whether mmap or mprotect gave it its protection. */
static int leaf_matches_linux(struct mm *mm, uint64_t va, int prot)
{
	pte_t *pte = pte_of(mm, va);
	uint64_t want = linux_riscv_rwx[prot];

	if (!want)
		return !pte || !(*pte & PTE_V);
	return pte && (*pte & (PTE_V | PTE_U | PTE_R | PTE_W | PTE_X)) == (PTE_V | PTE_U | want);
}

/* Every protection, as Linux riscv has it: a read as the first touch of write-only memory
 * finds zeros rather than killing the process; exec-only memory is not readable. */
static void test_protections_as_linux_riscv(void)
{
	struct mm *mm = start();

	for (int prot = 0; prot < 8; prot++) {
		uint64_t want = linux_riscv_rwx[prot];
		uint64_t a = map(mm, 0, PAGE_SIZE, prot, PRIVATE);
		CHECK(uread(mm, a) == (want & PTE_R ? 0 : -EFAULT));
		CHECK(uexec(mm, a) == (want & PTE_X ? 0 : -EFAULT));
		CHECK(uwrite(mm, a, 7) == (want & PTE_W ? 0 : -EFAULT));
		CHECK(!(want & PTE_W) || uread(mm, a) == 7);
		CHECK(leaf_matches_linux(mm, a, prot));

		uint64_t b = map(mm, 0, PAGE_SIZE, RWX, PRIVATE);
		CHECK(uwrite(mm, b, 8) == 0);
		CHECK(uvm_mprotect(mm, b, PAGE_SIZE, prot) == 0);
		CHECK(leaf_matches_linux(mm, b, prot));
		CHECK(uread(mm, b) == (want & PTE_R ? 8 : -EFAULT));
		CHECK(uvm_munmap(mm, a, PAGE_SIZE) == 0 && uvm_munmap(mm, b, PAGE_SIZE) == 0);
	}
	mm_put(mm);
	check_all_freed();
}

/* fork shares pages; the first write on either side copies, and the last sharer writes
 * in place. */
static void test_fork_copies_on_write(void)
{
	struct mm *parent = start();
	uint64_t a = map(parent, 0, 2 * PAGE_SIZE, RW, PRIVATE);
	CHECK(uwrite(parent, a, 1) == 0 && uwrite(parent, a + PAGE_SIZE, 2) == 0);
	uint64_t pa0 = pa_of(parent, a), pa1 = pa_of(parent, a + PAGE_SIZE);

	struct mm *child = mm_fork(parent);
	CHECK(child && pa_of(child, a) == pa0 && pageref_shared(pa0));
	CHECK(!(*pte_of(parent, a) & PTE_W) && !(*pte_of(child, a) & PTE_W));
	CHECK(uwrite(child, a, 10) == 0);
	CHECK(pa_of(child, a) != pa0 && pa_of(parent, a) == pa0 && !pageref_shared(pa0));
	CHECK(uread(parent, a) == 1 && uread(child, a) == 10);
	CHECK(uwrite(parent, a, 3) == 0 && pa_of(parent, a) == pa0);   /* alone now: no copy */

	mm_put(child);
	CHECK(!pageref_shared(pa1));
	CHECK(uwrite(parent, a + PAGE_SIZE, 4) == 0 && pa_of(parent, a + PAGE_SIZE) == pa1);
	CHECK(uread(parent, a + PAGE_SIZE) == 4);
	mm_put(parent);
	check_all_freed();
}

/* fork copies a leaf table at a time (mm/fork_copy.c): a range across a 2 MiB boundary
 * (two tables) with holes, a PROT_NONE page and a MAP_SHARED and a MADV_DONTFORK range
 * beside it in the same table. Exactly the present private pages reach the child,
 * copy-on-write in both; the child's teardown gives every share back. */
static void test_fork_copies_leaf_tables(void)
{
	struct mm *parent = start();
	uint64_t a = ALONE - 4 * PAGE_SIZE;
	CHECK(uvm_mmap(parent, a, 8 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, NULL, 0) == (long)a);
	static const int touched[] = { 0, 1, 2, 3, 4, 7 };
	for (int i = 0; i < 6; i++)
		CHECK(uwrite(parent, a + touched[i] * PAGE_SIZE, (uint8_t)(10 + touched[i])) == 0);
	CHECK(uvm_mprotect(parent, a + PAGE_SIZE, PAGE_SIZE, PROT_NONE) == 0);
	uint64_t sh = ALONE + 4 * PAGE_SIZE, nofork = ALONE + 6 * PAGE_SIZE;
	CHECK(uvm_mmap(parent, sh, 2 * PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
		       NULL, 0) == (long)sh);
	CHECK(uvm_mmap(parent, nofork, PAGE_SIZE, RW, PRIVATE | MAP_FIXED, NULL, 0) ==
	      (long)nofork);
	CHECK(uwrite(parent, sh, 1) == 0 && uwrite(parent, nofork, 2) == 0);
	CHECK(uvm_madvise(parent, nofork, PAGE_SIZE, MADV_DONTFORK) == 0);

	/* Every budget short of what the child's tables need fails cleanly. */
	size_t before = sim.allocated;
	long blocks = live_allocations;
	struct mm *child = NULL;
	for (long budget = 1; !child && budget < 8; budget++) {
		sim.budget = budget;
		child = mm_fork(parent);
		CHECK(child || (sim.allocated == before && live_allocations == blocks));
		CHECK(child || !pageref_shared(pa_of(parent, a + 7 * PAGE_SIZE)));
	}
	sim.budget = -1;
	CHECK(child != NULL && table_of(child->root, a) && table_of(child->root, ALONE));

	for (int i = 0; i < 8; i++) {
		uint64_t va = a + i * PAGE_SIZE;
		uint64_t pa = pa_of(parent, va);
		CHECK(pa_of(child, va) == pa);
		if (!pa)
			continue;
		CHECK(*pte_of(child, va) == *pte_of(parent, va));
		CHECK((*pte_of(parent, va) & (PTE_W | PTE_COW)) == PTE_COW && pageref_shared(pa));
	}
	CHECK(pa_of(parent, a + 5 * PAGE_SIZE) == 0 && !(*pte_of(child, a + PAGE_SIZE) & PTE_V));
	CHECK(pa_of(child, sh) == 0 && uread(child, sh) == 1);
	CHECK(pa_of(child, sh) == pa_of(parent, sh));
	CHECK(pa_of(child, nofork) == 0 && uread(child, nofork) == -EFAULT);
	CHECK(uwrite(child, a, 20) == 0 && uread(parent, a) == 10);
	CHECK(uread(child, a + 7 * PAGE_SIZE) == 17);

	mm_put(child);
	for (int i = 2; i < 8; i++) {
		uint64_t va = a + i * PAGE_SIZE, pa = pa_of(parent, va);
		CHECK(!pa || !pageref_shared(pa));
		CHECK(!pa || (uwrite(parent, va, 1) == 0 && pa_of(parent, va) == pa));
	}
	CHECK(sim.allocated == before && live_allocations == blocks);
	mm_put(parent);
	check_all_freed();
}

/* A page read-only at fork stays shared and read-only in both whatever mprotect asks:
 * the child's write after making it writable copies it. */
static void test_mprotect_after_fork_keeps_cow(void)
{
	struct mm *parent = start();
	uint64_t ro = map(parent, 0, PAGE_SIZE, RW, PRIVATE);
	CHECK(uwrite(parent, ro, 1) == 0);
	CHECK(uvm_mprotect(parent, ro, PAGE_SIZE, PROT_READ) == 0);
	/* Program text, written by the loader. */
	uint64_t text = 0x10000;
	CHECK(uvm_add_range(parent, text, text + PAGE_SIZE, RX, 0) == 0);
	CHECK(uvm_write(parent, text, "\x13\x05", 2) == 0);
	uint64_t ro_pa = pa_of(parent, ro), text_pa = pa_of(parent, text);

	struct mm *child = mm_fork(parent);
	CHECK(child != NULL);
	CHECK(uvm_mprotect(child, ro, PAGE_SIZE, RW) == 0);
	CHECK(uvm_mprotect(child, text, PAGE_SIZE, RWX) == 0);
	CHECK(!(*pte_of(child, ro) & PTE_W) && !(*pte_of(child, text) & PTE_W));
	CHECK(uwrite(child, ro, 2) == 0 && uwrite(child, text, 0x99) == 0);
	CHECK(pa_of(child, ro) != ro_pa && pa_of(child, text) != text_pa);
	CHECK(uread(child, ro) == 2 && uread(child, text) == 0x99 && uread(child, text + 1) == 5);
	CHECK(uexec(child, text) == 0);
	CHECK(uread(parent, ro) == 1 && uread(parent, text) == 0x13);

	/* The parent makes its pages writable while the child still shares one of them. */
	struct mm *child2 = mm_fork(parent);
	CHECK(child2 != NULL);
	CHECK(uvm_mprotect(parent, ro, PAGE_SIZE, RW) == 0);
	CHECK(!(*pte_of(parent, ro) & PTE_W));
	mm_put(child2);
	/* Alone again: mprotect makes the page writable in place. */
	CHECK(uvm_mprotect(parent, ro, PAGE_SIZE, RW) == 0);
	CHECK((*pte_of(parent, ro) & PTE_W) && pa_of(parent, ro) == ro_pa);
	CHECK(uwrite(parent, ro, 3) == 0 && pa_of(parent, ro) == ro_pa);

	mm_put(child);
	mm_put(parent);
	check_all_freed();
}

/* PROT_NONE: the entry keeps the page but is not valid, so no access gets through, the
 * kernel's included; the contents come back with the protection. */
static void test_prot_none_is_not_valid(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, 0, PAGE_SIZE, RW, PRIVATE);
	CHECK(uwrite(mm, a, 'x') == 0);
	uint64_t pa = pa_of(mm, a);

	CHECK(uvm_mprotect(mm, a, PAGE_SIZE, PROT_NONE) == 0);
	pte_t *pte = pte_of(mm, a);
	CHECK(pte && !(*pte & PTE_V) && PTE_TO_PA(*pte) == pa);
	CHECK(uread(mm, a) == -EFAULT);

	struct mm *child = mm_fork(mm);
	CHECK(child && pte_of(child, a) && !(*pte_of(child, a) & PTE_V));
	mm_put(child);

	CHECK(uvm_mprotect(mm, a, PAGE_SIZE, RW) == 0);
	CHECK((*pte & PTE_V) && PTE_TO_PA(*pte) == pa && uread(mm, a) == 'x');

	/* A page first mapped PROT_NONE (as the loader does for a segment without flags). */
	uint64_t b = 0x20000;
	CHECK(uvm_add_range(mm, b, b + PAGE_SIZE, PROT_NONE, 0) == 0);
	CHECK(uvm_write(mm, b, "y", 1) == 0);
	CHECK(pte_of(mm, b) && !(*pte_of(mm, b) & PTE_V) && uread(mm, b) == -EFAULT);
	CHECK(uvm_munmap(mm, a, PAGE_SIZE) == 0);
	mm_put(mm);
	check_all_freed();
}

/* munmap frees pages only after the TLB no longer holds them; when it frees a table it
 * flushes the whole address space (rs1 = x0), not page by page. */
static void test_munmap_flushes_before_freeing(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, ALONE, 200 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED);
	for (int i = 0; i < 200; i++)
		CHECK(uwrite(mm, a + i * PAGE_SIZE, 1) == 0);

	/* Two pages: the table stays, a flush for each. */
	fences_reset();
	watch(mm->root, a + 10 * PAGE_SIZE, false);
	watch(mm->root, a + 11 * PAGE_SIZE, false);
	CHECK(uvm_munmap(mm, a + 10 * PAGE_SIZE, 2 * PAGE_SIZE) == 0);
	CHECK(fences.page_asid == 2 && fences.asid == 0 && freed_unflushed == 0);
	CHECK(!sim_is_allocated(watched[0].pa) && !sim_is_allocated(watched[1].pa));

	/* Everything else, more than a gather holds: the table goes too. */
	fences_reset();
	int watch_pages[] = { 0, 9, 12, 80, 150, 199 };
	for (int i = 0; i < 6; i++)
		watch(mm->root, a + watch_pages[i] * PAGE_SIZE, false);
	watch(mm->root, a, true);
	CHECK(uvm_munmap(mm, a, 200 * PAGE_SIZE) == 0);
	CHECK(fences.page_asid == 0 && fences.asid >= 1 && freed_unflushed == 0);
	for (int i = 0; i < nwatched; i++)
		CHECK(!sim_is_allocated(watched[i].pa));
	mm_put(mm);
	check_all_freed();
}

/* Kernel stacks: a fence for each page after mapping it (the TLB may hold the address as
 * invalid), and pages and tables freed only after flushes for every address space. */
static void test_kernel_stack_fences(void)
{
	struct kstack ks;

	fences_reset();
	size_t before = sim.allocated;
	kernel_root = pt_create(&kernel_pt_env);
	CHECK(kstack_alloc(&ks) == 0 && ks.hi - ks.lo == KSTACK_SIZE);
	/* The slot's last stack may be in this hart's TLB, leaf and table entries. */
	CHECK(fences.all == 1 && fences.page_asid == 0 && fences.asid == 0 && ks.cpus == HART0);
	for (uint64_t va = ks.lo; va < ks.hi; va += PAGE_SIZE)
		CHECK(pte_at(kernel_root, va) && (*pte_at(kernel_root, va) & (PTE_W | PTE_G)));
	CHECK(pte_at(kernel_root, ks.lo - PAGE_SIZE) == NULL);   /* the guard page */

	for (uint64_t va = ks.lo; va < ks.hi; va += PAGE_SIZE)
		watch(kernel_root, va, false);
	watch(kernel_root, ks.lo, true);
	kstack_free(&ks);
	CHECK(freed_unflushed == 0 && fences.page_asid == 0 && fences.asid == 0);
	/* No other hart is called, even one that ran the stack: each flushes before it
	 * touches the slot again (mm/kstack.c). */
	CHECK(remote.sfence_asid == 0 && remote.fence_i == 0);
	for (int i = 0; i < nwatched; i++)
		CHECK(!sim_is_allocated(watched[i].pa));

	/* Out of pages half-way: what was mapped goes again. Only the root and the table below
	 * it stay (process roots share that one). */
	sim.budget = 4;
	CHECK(kstack_alloc(&ks) == -ENOMEM);
	sim.budget = -1;
	CHECK(sim.allocated == before + 2);
	pte_t *root = phys_to_virt(kernel_root);
	sim_free(NULL, PTE_TO_PA(root[(KSTACK_AREA >> 30) & 511]));
	sim_free(NULL, kernel_root);
}

/* While another hart runs the address space, every flush of its mappings reaches that
 * hart too: one call per munmap, mprotect or madvise with the range (the whole ASID beyond
 * TLB_FLUSH_PAGES_MAX pages or once a table goes), before any page is freed; a first touch
 * needs none. While only this hart ran it, nothing is sent; a hart that ran it but runs
 * something else now is marked stale instead (it flushes in mm_activate). */
static void test_shootdown_reaches_other_harts(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, ALONE, 200 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED);
	for (int i = 0; i < 200; i++)
		CHECK(uwrite(mm, a + i * PAGE_SIZE, 1) == 0);
	mm->harts = HART0;
	CHECK(uvm_munmap(mm, a + 10 * PAGE_SIZE, PAGE_SIZE) == 0);
	CHECK(uvm_mprotect(mm, a + 20 * PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ) == 0);
	CHECK(remote.sfence_asid == 0 && mm->tlb_stale == 0);

	mm->harts = HART0 | HART1;
	mm->active = HART0;
	CHECK(uvm_munmap(mm, a + 9 * PAGE_SIZE, PAGE_SIZE) == 0);
	CHECK(remote.sfence_asid == 0 && mm->tlb_stale == HART1);

	mm->active = HART0 | HART1;
	mm->tlb_stale = 0;
	expect_remote = true;
	fences_reset();
	watch(mm->root, a + 11 * PAGE_SIZE, false);
	watch(mm->root, a + 12 * PAGE_SIZE, false);
	CHECK(uvm_munmap(mm, a + 11 * PAGE_SIZE, 2 * PAGE_SIZE) == 0);
	CHECK(remote.sfence_asid == 1 && remote.harts == HART1);
	CHECK(remote.start == a + 11 * PAGE_SIZE && remote.size == 2 * PAGE_SIZE);
	CHECK(freed_unflushed == 0 && !sim_is_allocated(watched[0].pa));

	fences_reset();
	CHECK(uvm_mprotect(mm, a + 30 * PAGE_SIZE, 8 * PAGE_SIZE, PROT_READ) == 0);
	CHECK(remote.sfence_asid == 1 && remote.start == a + 30 * PAGE_SIZE);
	CHECK(remote.size == 8 * PAGE_SIZE && fences.page_asid == 8);

	fences_reset();
	watch(mm->root, a + 41 * PAGE_SIZE, false);
	CHECK(uvm_madvise(mm, a + 40 * PAGE_SIZE, 4 * PAGE_SIZE, MADV_DONTNEED) == 0);
	CHECK(remote.sfence_asid == 1 && remote.size == 4 * PAGE_SIZE && freed_unflushed == 0);

	fences_reset();
	CHECK(uwrite(mm, a + 40 * PAGE_SIZE, 1) == 0 && remote.sfence_asid == 0);

	fences_reset();
	watch(mm->root, a + 100 * PAGE_SIZE, false);
	watch(mm->root, a + 199 * PAGE_SIZE, false);
	watch(mm->root, a, true);
	CHECK(uvm_munmap(mm, a, 200 * PAGE_SIZE) == 0);
	/* One call per full gather (64 pages), not per page. */
	CHECK(remote.sfence_asid >= 1 && remote.sfence_asid <= 200 / 64 + 1);
	CHECK(remote.size == TLB_FLUSH_ALL && freed_unflushed == 0);
	expect_remote = false;
	mm_put(mm);
	check_all_freed();
}

/* fork write-protects the parent's pages on every hart that ran it (one whole-ASID call);
 * a copy-on-write break there flushes that one page remotely; the child, which ran
 * nowhere yet, sends nothing. */
static void test_fork_and_cow_shoot_down(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, 0, 4 * PAGE_SIZE, RW, PRIVATE);
	CHECK(uwrite(mm, a, 1) == 0 && uwrite(mm, a + PAGE_SIZE, 1) == 0);
	mm->harts = HART0 | HART1;
	mm->active = HART0 | HART1;
	fences_reset();
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL && child->harts == 0 && child->active == 0);
	CHECK(remote.sfence_asid == 1 && remote.size == TLB_FLUSH_ALL && remote.harts == HART1);
	fences_reset();
	CHECK(uwrite(mm, a, 2) == 0);
	CHECK(remote.sfence_asid == 1 && remote.start == a && remote.size == PAGE_SIZE);
	fences_reset();
	CHECK(uwrite(child, a + PAGE_SIZE, 2) == 0 && remote.sfence_asid == 0);
	mm_put(child);
	mm_put(mm);
	check_all_freed();
}

/* MAP_SHARED memory is one set of pages for every address space that maps it, touched
 * before fork or not; munmap and mprotect of parts keep every page at its offset, and the
 * pages go when the last mapping and the last range are gone, in any order. */
static void test_shared_memory(void)
{
	struct mm *parent = start();
	uint64_t a = map(parent, 0, 4 * PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS);
	CHECK(uwrite(parent, a, 1) == 0);

	struct mm *child = mm_fork(parent);
	CHECK(child != NULL);
	CHECK(uread(child, a) == 1 && pa_of(child, a) == pa_of(parent, a));
	CHECK(uwrite(child, a, 2) == 0 && uread(parent, a) == 2);
	CHECK(uwrite(child, a + PAGE_SIZE, 3) == 0 && uread(parent, a + PAGE_SIZE) == 3);
	CHECK(uwrite(parent, a + 2 * PAGE_SIZE, 4) == 0 && uread(child, a + 2 * PAGE_SIZE) == 4);
	CHECK(pa_of(child, a + 2 * PAGE_SIZE) == pa_of(parent, a + 2 * PAGE_SIZE));

	/* The child cuts its range in three; each piece still maps its own offsets. */
	CHECK(uvm_munmap(child, a, PAGE_SIZE) == 0);
	CHECK(uvm_mprotect(child, a + PAGE_SIZE, PAGE_SIZE, PROT_READ) == 0);
	CHECK(uread(parent, a) == 2);
	CHECK(uwrite(child, a + 3 * PAGE_SIZE, 5) == 0 && uread(parent, a + 3 * PAGE_SIZE) == 5);
	CHECK(uread(child, a + PAGE_SIZE) == 3 && uwrite(child, a + PAGE_SIZE, 9) == -EFAULT);

	/* The parent lets go first: the child's pages stay, and go with the child. */
	CHECK(uvm_munmap(parent, a, 4 * PAGE_SIZE) == 0);
	CHECK(uread(child, a + 2 * PAGE_SIZE) == 4);
	mm_put(child);

	/* A large object: a tree several nodes deep, pages at both ends. */
	uint64_t big = map(parent, 0, GIGAPAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS);
	child = mm_fork(parent);
	CHECK(child != NULL);
	CHECK(uwrite(child, big + GIGAPAGE_SIZE - 1, 6) == 0 && uwrite(parent, big, 7) == 0);
	CHECK(uread(parent, big + GIGAPAGE_SIZE - 1) == 6 && uread(child, big) == 7);
	mm_put(parent);
	CHECK(uread(child, big + GIGAPAGE_SIZE - 1) == 6);
	mm_put(child);
	check_all_freed();
}

/* A file as mm/filemap.c presents one: a pager owning its pages, with an end. */
#define FILE_PAGES 2
static uint64_t file_pages[FILE_PAGES];
static int file_released;

/* The pager's lock is held around every look-up (mm/vmobj.h). */
static int fake_pager_locked;

static void fake_file_lock(struct vm_object *obj, int hold)
{
	(void)obj;
	CHECK(fake_pager_locked != hold);
	fake_pager_locked = hold;
}

static int fake_file_page(struct vm_object *obj, uint64_t index, uint64_t *pa)
{
	(void)obj;
	CHECK(fake_pager_locked);
	if (index >= FILE_PAGES)
		return VMOBJ_PAST_END;
	if (!file_pages[index] && !(file_pages[index] = page_alloc_zeroed()))
		return -ENOMEM;
	*pa = file_pages[index];
	return 0;
}

static void fake_file_release(struct vm_object *obj)
{
	(void)obj;
	file_released = 1;
}

static uint64_t fake_file_resident_page(struct vm_object *obj, uint64_t index)
{
	(void)obj;
	CHECK(fake_pager_locked);
	return index < FILE_PAGES ? file_pages[index] : 0;
}

static const struct vm_pager fake_pager = { fake_file_lock, fake_file_page, fake_file_release,
					    fake_file_resident_page };

static uint8_t file_byte(int page, int off)
{
	return ((uint8_t *)phys_to_virt(file_pages[page]))[off];
}

/* Shared file pages are the file's; private ones are copied at the first write (the file
 * keeps its bytes, fork shares the copy COW); past the end is SIGBUS; MADV_DONTNEED
 * refaults the file's page; truncation-style zapping leaves the ranges. */
static void test_file_mappings(void)
{
	struct mm *mm = start();
	struct vm_object *file = vmobj_create_paged(&fake_pager, NULL);
	CHECK(file != NULL);
	uint64_t sh = (uint64_t)uvm_mmap(mm, 0, 3 * PAGE_SIZE, RW, MAP_SHARED, file, 0);
	uint64_t pr = (uint64_t)uvm_mmap(mm, 0, 2 * PAGE_SIZE, RW, MAP_PRIVATE, file, 0);
	CHECK((long)sh > 0 && (long)pr > 0);
	CHECK(uvm_mmap(mm, 0, PAGE_SIZE, RW, MAP_SHARED, file, 1) == -EINVAL);

	CHECK(uwrite(mm, sh + 5, 0x11) == 0 && file_byte(0, 5) == 0x11);
	CHECK(pa_of(mm, sh) == file_pages[0]);
	CHECK(uread(mm, pr + 5) == 0x11 && pa_of(mm, pr) == file_pages[0]);
	CHECK(*pte_of(mm, pr) & PTE_COW);
	CHECK(uwrite(mm, pr + 5, 0x22) == 0 && pa_of(mm, pr) != file_pages[0]);
	CHECK(file_byte(0, 5) == 0x11 && uread(mm, sh + 5) == 0x11);
	/* A first write to a private page copies at once. */
	CHECK(uwrite(mm, pr + PAGE_SIZE, 0x33) == 0 && file_pages[1] != 0);
	CHECK(pa_of(mm, pr + PAGE_SIZE) != file_pages[1] && file_byte(1, 0) == 0);
	CHECK(uread(mm, sh + 2 * PAGE_SIZE) == FAULT_SIGBUS);

	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK(uread(child, pr + 5) == 0x22 && pa_of(child, pr) == pa_of(mm, pr));
	CHECK(uwrite(child, pr + 5, 0x44) == 0 && uread(mm, pr + 5) == 0x22);
	CHECK(uwrite(child, sh + 6, 0x55) == 0 && file_byte(0, 6) == 0x55);
	mm_put(child);

	CHECK(uvm_madvise(mm, pr, PAGE_SIZE, MADV_DONTNEED) == 0);
	CHECK(pa_of(mm, pr) == 0 && uread(mm, pr + 5) == 0x11);
	uvm_zap(mm, sh, sh + 3 * PAGE_SIZE);
	CHECK(pa_of(mm, sh) == 0 && uread(mm, sh + 6) == 0x55);

	CHECK(uvm_munmap(mm, sh, 3 * PAGE_SIZE) == 0 && uvm_munmap(mm, pr, 2 * PAGE_SIZE) == 0);
	CHECK(!file_released);
	vmobj_put(file);
	CHECK(file_released);
	for (int i = 0; i < FILE_PAGES; i++) {
		pageref_put(file_pages[i]);
		file_pages[i] = 0;
	}
	mm_put(mm);
	check_all_freed();
}

/* A read fault on a shared range of an object also maps the pages the object already has
 * in the aligned 16-page block around it, none it lacks, none outside the range; a write
 * fault, or any fault on a private range, maps its own page alone. */
static void test_fault_around(void)
{
	struct mm *mm = start();
	struct vm_object *obj = vmobj_create(32);
	const uint64_t sh = 0x10000000, sh2 = 0x20000000, pr = 0x40000000, part = 0x30000000;
	CHECK(obj != NULL);
	CHECK(uvm_mmap(mm, sh, 32 * PAGE_SIZE, RW, MAP_SHARED | MAP_FIXED, obj, 0) == (long)sh);
	CHECK(uvm_mmap(mm, sh2, 32 * PAGE_SIZE, RW, MAP_SHARED | MAP_FIXED, obj, 0) == (long)sh2);
	CHECK(uvm_mmap(mm, pr, 32 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, obj, 0) == (long)pr);
	CHECK(uvm_mmap(mm, part + PAGE_SIZE, 2 * PAGE_SIZE, RW, MAP_SHARED | MAP_FIXED, obj,
		       16 * PAGE_SIZE) == (long)(part + PAGE_SIZE));
	CHECK(uwrite(mm, sh + PAGE_SIZE, 1) == 0 && uwrite(mm, sh + 3 * PAGE_SIZE, 3) == 0);
	CHECK(uwrite(mm, sh + 16 * PAGE_SIZE, 16) == 0 && uwrite(mm, sh + 17 * PAGE_SIZE, 17) == 0);
	CHECK(pa_of(mm, sh + 2 * PAGE_SIZE) == 0);   /* writes map their page alone */

	CHECK(uread(mm, sh2 + 2 * PAGE_SIZE) == 0);
	CHECK(pa_of(mm, sh2 + PAGE_SIZE) == pa_of(mm, sh + PAGE_SIZE));
	CHECK(pa_of(mm, sh2 + 3 * PAGE_SIZE) == pa_of(mm, sh + 3 * PAGE_SIZE));
	CHECK(pa_of(mm, sh2 + 3 * PAGE_SIZE) != 0 && uread(mm, sh2 + 3 * PAGE_SIZE) == 3);
	CHECK(pa_of(mm, sh2) == 0 && pa_of(mm, sh2 + 17 * PAGE_SIZE) == 0);
	CHECK(uwrite(mm, sh2 + 18 * PAGE_SIZE, 18) == 0 && pa_of(mm, sh2 + 17 * PAGE_SIZE) == 0);

	CHECK(uread(mm, pr + 2 * PAGE_SIZE) == 0);
	CHECK(pa_of(mm, pr + PAGE_SIZE) == 0 && pa_of(mm, pr + 3 * PAGE_SIZE) == 0);

	CHECK(uread(mm, part + 2 * PAGE_SIZE) == 17);
	CHECK(pa_of(mm, part + PAGE_SIZE) == pa_of(mm, sh + 16 * PAGE_SIZE) &&
	      pa_of(mm, part + PAGE_SIZE) != 0);
	CHECK(pa_of(mm, part) == 0 && pa_of(mm, part + 3 * PAGE_SIZE) == 0);

	CHECK(uvm_munmap(mm, sh, 32 * PAGE_SIZE) == 0 && uvm_munmap(mm, sh2, 32 * PAGE_SIZE) == 0);
	CHECK(uvm_munmap(mm, pr, 32 * PAGE_SIZE) == 0);
	CHECK(uvm_munmap(mm, part + PAGE_SIZE, 2 * PAGE_SIZE) == 0);
	vmobj_put(obj);
	mm_put(mm);
	check_all_freed();
}

/* mlock marks and populates, MLOCK_ONFAULT only marks, munlock clears; locked bytes are
 * counted; MADV_DONTNEED refuses locked ranges; RLIMIT_AS and RLIMIT_DATA bound mmap. */
static void test_mlock_and_limits(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, 0, 4 * PAGE_SIZE, RW, PRIVATE);
	CHECK(uvm_mlock(mm, a + PAGE_SIZE + 1, PAGE_SIZE, 0) == 0);
	CHECK(pa_of(mm, a) == 0 && pa_of(mm, a + PAGE_SIZE) && pa_of(mm, a + 2 * PAGE_SIZE));
	CHECK(uvm_locked_bytes(mm) == 2 * PAGE_SIZE);
	CHECK(uvm_madvise(mm, a, 4 * PAGE_SIZE, MADV_DONTNEED) == -EINVAL);
	CHECK(uvm_mlock(mm, a, 4 * PAGE_SIZE, MLOCK_ONFAULT) == 0 && pa_of(mm, a) == 0);
	CHECK(uvm_locked_bytes(mm) == 4 * PAGE_SIZE);
	CHECK(uvm_munlock(mm, a, 4 * PAGE_SIZE) == 0 && uvm_locked_bytes(mm) == 0);
	CHECK(mm->vmas.n == 1);
	CHECK(uvm_mlock(mm, a, 8 * PAGE_SIZE, 0) == -ENOMEM);

	mm->limit_as = 8 * PAGE_SIZE;
	CHECK(uvm_mmap(mm, 0, 5 * PAGE_SIZE, PROT_READ, PRIVATE, NULL, 0) == -ENOMEM);
	uint64_t b = map(mm, 0, 4 * PAGE_SIZE, PROT_READ, PRIVATE);
	mm->limit_data = 5 * PAGE_SIZE;
	CHECK(uvm_mprotect(mm, b, 4 * PAGE_SIZE, PROT_NONE) == 0);
	CHECK(uvm_munmap(mm, b, 4 * PAGE_SIZE) == 0);
	CHECK(uvm_mmap(mm, 0, 2 * PAGE_SIZE, RW, PRIVATE, NULL, 0) == -ENOMEM);
	b = map(mm, 0, 2 * PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS);
	mm_put(mm);
	check_all_freed();
}

/* mremap moves entries, not contents: the same physical pages at the new address, COW
 * marks kept, and everything given back after. */
static void test_mremap_moves_entries(void)
{
	struct mm *mm = start();
	uint64_t a = map(mm, ALONE, 4 * PAGE_SIZE, RW, PRIVATE);
	map(mm, ALONE + 4 * PAGE_SIZE, PAGE_SIZE, PROT_READ, PRIVATE | MAP_FIXED);
	CHECK(uwrite(mm, a, 1) == 0 && uwrite(mm, a + 3 * PAGE_SIZE, 4) == 0);
	uint64_t pa0 = pa_of(mm, a), pa3 = pa_of(mm, a + 3 * PAGE_SIZE);
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK(uvm_mremap(mm, a, 4 * PAGE_SIZE, 8 * PAGE_SIZE, 0, 0) == -ENOMEM);
	long n = uvm_mremap(mm, a, 4 * PAGE_SIZE, 8 * PAGE_SIZE, MREMAP_MAYMOVE, 0);
	CHECK(n > 0 && (uint64_t)n != a);
	CHECK(pa_of(mm, (uint64_t)n) == pa0 && pa_of(mm, (uint64_t)n + 3 * PAGE_SIZE) == pa3);
	CHECK(pa_of(mm, a) == 0 && (*pte_of(mm, (uint64_t)n) & PTE_COW));
	CHECK(uwrite(mm, (uint64_t)n, 9) == 0 && uread(child, a) == 1);
	CHECK(uvm_mremap(mm, (uint64_t)n, 8 * PAGE_SIZE, 2 * PAGE_SIZE, 0, 0) == n);
	CHECK(uvm_mremap(mm, (uint64_t)n, 2 * PAGE_SIZE, 3 * PAGE_SIZE, 0, 0) == n);
	CHECK(uread(mm, (uint64_t)n + 2 * PAGE_SIZE) == 0);
	mm_put(child);
	mm_put(mm);
	check_all_freed();
}

/* fence.i after every way the kernel writes a page that may then run as code: the loader
 * filling program text, a demand-zero or copy-on-write fault in an executable range, and
 * mprotect adding PROT_EXEC to present pages. None for data. */
static void test_fence_i_before_code_runs(void)
{
	struct mm *mm = start();
	uint64_t text = 0x10000, data = 0x20000;
	static const char code[2 * PAGE_SIZE];

	CHECK(uvm_add_range(mm, text, text + 2 * PAGE_SIZE, RX, 0) == 0);
	CHECK(uvm_add_range(mm, data, data + PAGE_SIZE, RW, 0) == 0);
	CHECK(uvm_write(mm, text, code, sizeof(code)) == 0 && fences.fence_i == 1);
	CHECK(uvm_write(mm, data, code, 16) == 0 && fences.fence_i == 1);
	/* Every other hart fences before it next runs mm; none runs it now. */
	CHECK((mm->icache_stale & HART1) && !(mm->icache_stale & HART0) && remote.fence_i == 0);

	uint64_t jit = map(mm, 0, 2 * PAGE_SIZE, RWX, PRIVATE);
	CHECK(uexec(mm, jit) == 0 && fences.fence_i == 2);
	uint64_t heap = map(mm, 0, PAGE_SIZE, RW, PRIVATE);
	CHECK(uwrite(mm, heap, 1) == 0 && fences.fence_i == 2);

	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	child->harts = HART0 | HART1;
	child->active = HART1;   /* hart 1 is running it: fenced at once */
	CHECK(uwrite(child, jit, 0x13) == 0 && fences.fence_i == 3);
	CHECK(remote.fence_i == 1 && remote.harts == HART1);
	CHECK(uwrite(child, heap, 2) == 0 && fences.fence_i == 3 && remote.fence_i == 1);
	mm_put(child);

	CHECK(uvm_mprotect(mm, heap, PAGE_SIZE, RX) == 0 && fences.fence_i == 4);
	CHECK(uvm_mprotect(mm, heap, PAGE_SIZE, PROT_READ) == 0 && fences.fence_i == 4);
	CHECK(uvm_mprotect(mm, jit + PAGE_SIZE, PAGE_SIZE, RX) == 0 && fences.fence_i == 4);
	mm_put(mm);
	check_all_freed();
}

/* Running out of memory: a fork that fails leaves nothing behind and the parent intact;
 * a fault that cannot get a page says -ENOMEM. */
static void test_out_of_memory(void)
{
	struct mm *parent = start();
	uint64_t a = map(parent, 0, 8 * PAGE_SIZE, RW, PRIVATE);
	for (int i = 0; i < 8; i++)
		CHECK(uwrite(parent, a + i * PAGE_SIZE, (uint8_t)i) == 0);
	size_t before = sim.allocated;
	long blocks = live_allocations;

	/* Fewer pages than the child's tables need, then enough. */
	struct mm *child = NULL;
	for (long budget = 0; !child && budget < 8; budget++) {
		sim.budget = budget;
		child = mm_fork(parent);
		CHECK(child || (sim.allocated == before && live_allocations == blocks));
	}
	CHECK(child && sim.budget == 0 && uread(child, a + 7 * PAGE_SIZE) == 7);
	mm_put(child);
	kmalloc_fails = 1;
	CHECK(mm_fork(parent) == NULL && sim.allocated == before && live_allocations == blocks);
	kmalloc_fails = 0;
	sim.budget = 0;
	CHECK(uvm_fault(parent, a + 9 * PAGE_SIZE, FAULT_READ) == -EFAULT);
	uint64_t b = map(parent, 0, PAGE_SIZE, RW, PRIVATE);
	CHECK(uvm_fault(parent, b, FAULT_WRITE) == -ENOMEM);
	sim.budget = -1;
	for (int i = 0; i < 8; i++)
		CHECK(uread(parent, a + i * PAGE_SIZE) == i);
	mm_put(parent);
	check_all_freed();
}

int main(void)
{
	sim_reset();
	kernel_pmm.nregions = 1;
	kernel_pmm.region[0].base = sim.base;
	kernel_pmm.region[0].npages = SIM_PAGES;
	if (pageref_init(&kernel_pmm))
		return 1;
	TEST(test_demand_zero_and_teardown);
	TEST(test_leaf_bits);
	TEST(test_protections_as_linux_riscv);
	TEST(test_fork_copies_on_write);
	TEST(test_fork_copies_leaf_tables);
	TEST(test_mprotect_after_fork_keeps_cow);
	TEST(test_prot_none_is_not_valid);
	TEST(test_munmap_flushes_before_freeing);
	TEST(test_kernel_stack_fences);
	TEST(test_shared_memory);
	TEST(test_file_mappings);
	TEST(test_fault_around);
	TEST(test_mlock_and_limits);
	TEST(test_mremap_moves_entries);
	TEST(test_fence_i_before_code_runs);
	TEST(test_shootdown_reaches_other_harts);
	TEST(test_fork_and_cow_shoot_down);
	TEST(test_out_of_memory);
	return TESTS_DONE();
}
