/* User address spaces (see mm/uvm.h): creation, fork, teardown and the page-fault path. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/tlb.h"
#include "mm/uvm.h"
#include "mm/vmobj.h"

/* The leaf bits for each combination of PROT_READ/WRITE/EXEC: what pt_leaf makes of the
 * permissions, spelt out because they are on the page-fault path. PROT_NONE keeps its page
 * in an entry that is not valid (PTE_NONE), so no access gets through, the kernel's
 * included; write-only becomes R+W because the spec reserves W without R. */
#define USER_LEAF (PTE_V | PTE_U | PTE_A)
static const uint64_t pte_bits_of_prot[8] = {
	[0] = PTE_NONE | PTE_R | PTE_A,
	[VMA_READ] = USER_LEAF | PTE_R,
	[VMA_WRITE] = USER_LEAF | PTE_R | PTE_W | PTE_D,
	[VMA_READ | VMA_WRITE] = USER_LEAF | PTE_R | PTE_W | PTE_D,
	[VMA_EXEC] = USER_LEAF | PTE_X,
	[VMA_READ | VMA_EXEC] = USER_LEAF | PTE_R | PTE_X,
	[VMA_WRITE | VMA_EXEC] = USER_LEAF | PTE_R | PTE_W | PTE_X | PTE_D,
	[VMA_READ | VMA_WRITE | VMA_EXEC] = USER_LEAF | PTE_R | PTE_W | PTE_X | PTE_D,
};

uint64_t uvm_pte_perm(uint32_t prot)
{
	return pte_bits_of_prot[prot & (VMA_READ | VMA_WRITE | VMA_EXEC)] & PTE_PERM_MASK;
}

/* pt_leaf(pa, uvm_pte_perm(v->prot)), from the table. */
static inline pte_t user_leaf(uint64_t pa, const struct vma *v)
{
	return PA_TO_PTE(pa) | pte_bits_of_prot[v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC)];
}

/* The source of tables_gen: every number is used once, so a hart's cache naming an mm
 * that was freed can never match a new mm at the same address. */
static uint64_t tables_gen_source;

void mm_tables_may_change(struct mm *mm)
{
	mm->tables_gen = __atomic_add_fetch(&tables_gen_source, 1, __ATOMIC_RELAXED);
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	mm->root = pt_create(&kernel_pt_env);
	if (!mm->root) {
		kfree(mm);
		return NULL;
	}
	kvm_share_kernel(&mm->kernel_half, mm->root);
	vma_set_init(&mm->vmas);
	mm->lock = (struct rwlock)RWLOCK_INIT("mm");
	mm->table_lock = (struct spinlock)SPINLOCK_INIT("mm tables");
	mm_tables_may_change(mm);
	mm->users = 1;
	mm->limit_as = mm->limit_data = ~0UL;
	return mm;
}

void uvm_drop_page(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte)
{
	(void)arg, (void)va, (void)size, (void)pte;
	pageref_put(pa);
}

/* The teardown of one leaf table (a pt_table_fn): every page in it loses this mapping,
 * counted under one hold of the share-count lock; those it was the last holder of are
 * freed. */
static void drop_table_pages(void *arg, uint64_t va, pte_t *entries)
{
	struct pageref_batch batch;
	(void)arg, (void)va;

	pageref_batch_begin(&batch);
	for (int i = 0; i < PT_ENTRIES; i++) {
		if (!(entries[i] & PTE_PRESENT))
			continue;
		uint64_t pa = PTE_TO_PA(entries[i]);
		if (pageref_batch_drop(&batch, pa))
			page_free(pa);
	}
	pageref_batch_end(&batch);
}

void mm_put(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	/* No hart runs mm any more: its last user switched away first, and every hart goes
	 * back to the kernel's root when it leaves a process (mm_deactivate). Its ASID is not
	 * handed out again before every hart has flushed (mm/asid.h), so nothing reaches the
	 * pages freed below. */
	kvm_unshare_kernel(&mm->kernel_half);
	pt_destroy_tables(&kernel_pt_env, mm->root, drop_table_pages, uvm_drop_page, NULL);
	vma_set_free(&mm->vmas);
	kfree(mm);
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return NULL;
	if (vma_set_copy(&child->vmas, &parent->vmas)) {
		mm_put(child);
		return NULL;
	}
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	/* fork(2): "the child does not inherit memory locks"; MADV_DONTFORK ranges are not
	 * there. Neither needs memory: no range is cut. */
	BUG_ON(vma_set_flags(&child->vmas, 0, USER_TOP, 0, VMA_LOCKED | VMA_LOCKONFAULT));
	for (int i = child->vmas.n - 1; i >= 0; i--) {
		const struct vma *v = &child->vmas.v[i];
		if (v->flags & VMA_DONTFORK)
			BUG_ON(vma_remove(&child->vmas, v->start, v->end));
	}

	/* Private pages are shared copy-on-write, writable or not: mprotect grants write only
	 * to pages no one else maps, so whatever protections either side gives them later,
	 * the first write copies (a private file mapping's pages included: they are already
	 * copy-on-write). MAP_SHARED pages are left to the child's first touch, which finds
	 * them in the range's object (as Linux, which copies no entries of shared mappings
	 * at fork). */
	int err = 0;
	for (int i = 0; i < parent->vmas.n && !err; i++) {
		const struct vma *v = &parent->vmas.v[i];
		if (!(v->flags & (VMA_SHARED | VMA_DONTFORK)))
			err = uvm_fork_range(child, parent, v->start, v->end);
	}
	/* The parent's private pages just became read-only. */
	tlb_flush_mm(parent);
	if (err) {
		mm_put(child);
		return NULL;
	}
	return child;
}

static int access_allowed(const struct vma *v, enum fault_access access)
{
	if (access == FAULT_WRITE)
		return v->prot & VMA_WRITE;
	if (access == FAULT_EXEC)
		return v->prot & VMA_EXEC;
	return v->prot & VMA_READABLE;
}

static int pte_allows(pte_t pte, enum fault_access access)
{
	if (!(pte & PTE_U))
		return 0;
	if (access == FAULT_WRITE)
		return pte & PTE_W;
	return pte & (access == FAULT_EXEC ? PTE_X : PTE_R);
}

/* Stores reach instruction fetch only through a fence.i (unprivileged spec, "Zifencei"),
 * so one comes between the kernel writing a page of a range that may run as code and the
 * program running it, on every hart that may run it (tlb_sync_icache). */
static void sync_icache(struct mm *mm, const struct vma *v)
{
	if (v->prot & VMA_EXEC)
		tlb_sync_icache(mm);
}

/* Entries that faults fill in are read with one load, and written with release
 * semantics: a hart that sees the entry, the MMU's walk included, sees what the kernel put
 * in the page first (its zeros, a copy). */
static inline pte_t pte_get(const pte_t *pte)
{
	return __atomic_load_n(pte, __ATOMIC_RELAXED);
}

static inline void pte_set(pte_t *pte, pte_t value)
{
	__atomic_store_n(pte, value, __ATOMIC_RELEASE);
}

/* Fills an empty entry, unless another hart filled it first: whether this one did. A
 * compare-and-swap, not the page-table lock: under the shared address-space lock a present
 * entry changes only under that lock (break_cow), and nothing empties one, so a swap that
 * finds the entry empty cannot undo another's change. */
static inline int pte_fill_empty(pte_t *pte, pte_t value)
{
	pte_t empty = pte_get(pte);

	return !(empty & PTE_PRESENT) &&
	       __atomic_compare_exchange_n(pte, &empty, value, 0, __ATOMIC_RELEASE,
					   __ATOMIC_RELAXED);
}

/* A write to the copy-on-write page of entry *pte, seen as `seen`: take the page over if
 * nobody else maps it any more, otherwise copy it. The entry gets the range's permissions;
 * the old page loses this mapping only once the TLB no longer holds it. If another hart
 * changed the entry first (the same fault on another hart), nothing is done: the program's
 * write finds the entry that hart made. The copy is made under the page-table lock, where
 * the entry still maps the old page, so no one can free it meanwhile. */
static int break_cow(struct mm *mm, const struct vma *v, uint64_t page, pte_t *pte, pte_t seen)
{
	uint64_t old = PTE_TO_PA(seen), pa = old;

	if (pageref_shared(old)) {
		pa = page_alloc();
		if (!pa)
			return -ENOMEM;
	}
	spin_lock(&mm->table_lock);
	int first = pte_get(pte) == seen;
	if (first) {
		if (pa != old)
			copy_page(phys_to_virt(pa), phys_to_virt(old));
		pte_set(pte, user_leaf(pa, v));
	}
	spin_unlock(&mm->table_lock);
	if (!first) {
		if (pa != old)
			page_free(pa);
		return 0;
	}
	tlb_flush_page(mm, page);
	if (pa != old) {
		pageref_put(old);   /* freed if the other sharer went away meanwhile */
		sync_icache(mm, v);
	}
	return 0;
}

/* The first touch of a page, whose entry *pte was empty: a zeroed page of its own for
 * anonymous private memory, else the object's page: as it is in a shared range, and
 * copy-on-write in a private one (write-protected and marked, whatever the range allows,
 * so that the first write copies it and the file never sees private changes). A write
 * then copies it at once (see uvm_fault). The page is made ready first; the entry is then
 * filled only if it is still empty (pte_fill_empty), else (another hart faulted the page
 * in first) the page is given back. */
static inline __attribute__((always_inline)) int map_new_page(struct mm *mm, const struct vma *v,
								uint64_t page, pte_t *pte)
{
	uint64_t pa;
	pte_t entry;

	if (v->obj) {
		int err = vmobj_map_page(v->obj, v->pgoff + ((page - v->start) >> PAGE_SHIFT), &pa);
		if (err)
			return err;
		entry = user_leaf(pa, v);
		if (!(v->flags & VMA_SHARED))
			entry = (entry & ~PTE_W) | PTE_COW;
	} else {
		pa = page_alloc();
		if (!pa)
			return -ENOMEM;
		zero_page(phys_to_virt(pa));
		entry = user_leaf(pa, v);
	}
	if (!pte_fill_empty(pte, entry)) {
		if (v->obj)
			pageref_put(pa);   /* this mapping's count; the object keeps the page */
		else
			page_free(pa);
		return 0;
	}
	tlb_flush_page_local(mm, page);
	return 0;
}

/* Fault-around, as Linux's do_fault_around with its default fault_around_bytes of 64 KiB:
 * a read fault on a shared range of an object also maps the pages of the aligned 16-page block
 * around it that the object already has (a file's pages in memory), as the fault itself
 * would, so that reading through a file mapping takes a fault per 16 pages, not per page.
 * Nothing is made or read in: a page the object lacks stays for its own fault. The block
 * is clipped to the range, and lies in one leaf table (64 KiB-aligned inside 2 MiB), the
 * one pte, the faulting page's entry, is in. The new entries replace empty ones, so no
 * TLB holds them: a hart that cached the empty entry faults and finds it present. An entry
 * another hart filled meanwhile is left as it is (pte_fill_empty), and the count taken
 * for it given back.
 * Private ranges (program text and data) map their page alone: fork copies a private
 * range's entries (Linux's leaves a file range's to later faults), so every entry mapped
 * ahead costs each fork and exec; BusyBox's pipelines (make bench) ran 97.7 M
 * instructions with private fault-around, 87.7 M without. */
#define FAULT_AROUND_PAGES 16
/* Out of line: the demand-zero path keeps uvm_fault's smaller frame. */
static __attribute__((noinline)) void fault_around(const struct vma *v, uint64_t page,
						  pte_t *pte)
{
	uint64_t start = page & ~(FAULT_AROUND_PAGES * PAGE_SIZE - 1);
	uint64_t end = start + FAULT_AROUND_PAGES * PAGE_SIZE;
	if (start < v->start)
		start = v->start;
	if (end > v->end)
		end = v->end;
	pte_t *first = pte - ((page - start) >> PAGE_SHIFT);
	unsigned n = (unsigned)((end - start) >> PAGE_SHIFT);
	uint32_t want = 0;

	for (unsigned i = 0; i < n; i++)
		if (!(pte_get(&first[i]) & PTE_PRESENT))
			want |= 1U << i;
	if (!want)
		return;
	uint64_t pa[FAULT_AROUND_PAGES];
	vmobj_share_resident(v->obj, v->pgoff + ((start - v->start) >> PAGE_SHIFT), n, want, pa);
	pte_t bits = user_leaf(0, v);
	for (unsigned i = 0; i < n; i++)
		if (pa[i] && !pte_fill_empty(&first[i], PA_TO_PTE(pa[i]) | bits))
			pageref_put(pa[i]);
}

#ifdef HOST_TEST
static struct fault_cache host_fault_cache;   /* the host tests run one thread */
#define this_fault_cache() (&host_fault_cache)
#else
#define this_fault_cache() (&this_cpu()->fault_cache)
#endif

/* The entry for a user page, through this hart's cached level-0 table when the page is
 * in the same 2 MiB of the same mm as its last fault's and no table of mm was freed
 * since, else by a walk; missing tables are made under the page-table lock (pt_walk_alloc
 * looks again there, so two harts never both make one). */
static inline __attribute__((always_inline)) pte_t *fault_pte(struct mm *mm, uint64_t page)
{
	struct fault_cache *fc = this_fault_cache();
	uint64_t region = page & ~(MEGAPAGE_SIZE - 1);
	unsigned index = (page >> PAGE_SHIFT) & (PT_ENTRIES - 1);

	if (fc->mm == mm && fc->region == region && fc->gen == mm->tables_gen)
		return &fc->table[index];
	pte_t *table = pt_leaf_table(&kernel_pt_env, mm->root, page);
	if (!table) {
		spin_lock(&mm->table_lock);
		pte_t *pte = pt_walk_alloc(&kernel_pt_env, mm->root, page);
		spin_unlock(&mm->table_lock);
		if (!pte)
			return NULL;
		table = pte - index;
	}
	fc->mm = mm;
	fc->gen = mm->tables_gen;
	fc->region = region;
	fc->table = table;
	return &table[index];
}

/* The page-fault path: one walk (creating tables), then a page for an empty entry, a
 * private copy for a copy-on-write one, or nothing for a stale TLB entry. With the
 * address-space lock shared, entries may be filled by other harts at any time: each step
 * works from one load of the entry and changes it only if it is still what was seen (a
 * compare-and-swap for an empty entry, the page-table lock for a copy-on-write one).
 * Inline in both entry points, so that a user page fault takes one stack frame for the
 * lock and this. */
static inline __attribute__((always_inline)) int fault(struct mm *mm, uint64_t addr,
							enum fault_access access)
{
	uint64_t page = PAGE_ROUND_DOWN(addr);
	struct vma *v = vma_find(&mm->vmas, addr);

	if (!v || !access_allowed(v, access))
		return -EFAULT;
	pte_t *pte = fault_pte(mm, page);
	if (!pte)
		return -ENOMEM;
	pte_t seen = pte_get(pte);
	if (!(seen & PTE_PRESENT)) {
		int err = map_new_page(mm, v, page, pte);
		if (err)
			return err;
		if ((v->flags & VMA_SHARED) && v->obj && access != FAULT_WRITE)
			fault_around(v, page, pte);
		sync_icache(mm, v);
		seen = pte_get(pte);
		if (access != FAULT_WRITE || !(seen & PTE_COW))
			return 0;
	}
	if (access == FAULT_WRITE && (seen & PTE_COW))
		return break_cow(mm, v, page, pte, seen);
	if (!pte_allows(seen, access))
		return -EFAULT;
	tlb_flush_page_local(mm, page);
	return 0;
}

int uvm_fault(struct mm *mm, uint64_t addr, enum fault_access access)
{
	mm_assert_locked(mm);
	return fault(mm, addr, access);
}

int uvm_fault_locking(struct mm *mm, uint64_t addr, enum fault_access access)
{
	mm_lock_shared(mm);
	int err = fault(mm, addr, access);
	mm_unlock_shared(mm);
	return err;
}

int uvm_add_range(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags)
{
	return vma_insert(&mm->vmas, start, end, prot, flags);
}

int uvm_write(struct mm *mm, uint64_t va, const void *src, size_t n)
{
	const char *s = src;
	uint32_t code = 0;

	while (n) {
		uint64_t page = PAGE_ROUND_DOWN(va);
		size_t chunk = PAGE_SIZE - (va - page);
		if (chunk > n)
			chunk = n;
		/* The loader writes even where the program itself may not (text). */
		struct vma *v = vma_find(&mm->vmas, page);
		pte_t *pte = v ? fault_pte(mm, page) : NULL;
		int err = 0;
		if (!v)
			err = -EFAULT;
		else if (!pte)
			err = -ENOMEM;
		else if (!(pte_get(pte) & PTE_PRESENT))
			err = map_new_page(mm, v, page, pte);
		pte_t seen;
		while (!err && ((seen = pte_get(pte)) & PTE_COW))
			err = break_cow(mm, v, page, pte, seen);
		if (err)
			return err;
		char *dst = (char *)phys_to_virt(PTE_TO_PA(seen)) + (va - page);
		if (s)
			memcpy(dst, s, chunk);
		else
			memset(dst, 0, chunk);
		va += chunk;
		if (s)
			s += chunk;
		n -= chunk;
		code |= v->prot & VMA_EXEC;
	}
	if (code)
		tlb_sync_icache(mm);   /* program text: see sync_icache */
	return 0;
}
