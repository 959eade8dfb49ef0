/* mmap, munmap, mprotect and brk with Linux semantics (man 2 mmap, mm/mmap.c in Linux):
 * they change the set of ranges and drop pages; pages arrive later, on first touch. */
#include "abi/errno.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/tlb.h"
#include "mm/tlb_gather.h"
#include "mm/uvm.h"
#include "mm/vmobj.h"

#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)

void uvm_zap(struct mm *mm, uint64_t start, uint64_t end)
{
	mm_tables_may_change(mm);   /* pt_unmap may free tables */
	struct tlb_gather g;
	tlb_gather_init(&g, mm, start, end);
	pt_unmap(&g.env, mm->root, start, end - start, tlb_gather_leaf, &g);
	tlb_gather_finish(&g);
}

/* Removes pages and ranges in [start, end) (page-aligned). */
static int unmap_range(struct mm *mm, uint64_t start, uint64_t end)
{
	int err = vma_remove(&mm->vmas, start, end);
	if (err)
		return err;
	uvm_zap(mm, start, end);
	return 0;
}

/* Linux's is_data_mapping: private writable memory that is not the stack. */
static int is_data(uint32_t prot, uint32_t flags)
{
	return (prot & PROT_WRITE) && !(flags & (VMA_SHARED | VMA_STACK));
}

int uvm_may_expand(const struct mm *mm, uint64_t len, uint32_t prot, uint32_t flags)
{
	uint64_t total = 0, data_bytes = 0;

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		total += v->end - v->start;
		if (is_data(v->prot, v->flags))
			data_bytes += v->end - v->start;
	}
	if (len > mm->limit_as || total > mm->limit_as - len)
		return 0;
	return !is_data(prot, flags) ||
	       (len <= mm->limit_data && data_bytes <= mm->limit_data - len);
}

int uvm_fixed_range_ok(uint64_t addr, uint64_t len)
{
	return addr >= MMAP_MIN_ADDR && addr < USER_TOP && len <= USER_TOP - addr;
}

long uvm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags,
	      struct vm_object *file, uint64_t offset)
{
	int type = flags & MAP_TYPE;

	if (len == 0 || (offset & (PAGE_SIZE - 1)) || (prot & ~PROT_ALL))
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = PAGE_ROUND_UP(len);
	/* The offset in pages plus the length must not wrap (Linux's do_mmap: EOVERFLOW). */
	uint64_t pgoff = offset >> PAGE_SHIFT;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;

	uint64_t start;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (!uvm_fixed_range_ok(addr, len))
			return -ENOMEM;
		if (vma_overlaps(&mm->vmas, addr, addr + len)) {
			if (!(flags & MAP_FIXED))
				return -EEXIST;
			int err = unmap_range(mm, addr, addr + len);
			if (err)
				return err;
		}
		start = addr;
	} else {
		addr = PAGE_ROUND_DOWN(addr);
		if (addr && uvm_fixed_range_ok(addr, len) &&
		    !vma_overlaps(&mm->vmas, addr, addr + len))
			start = addr;
		else
			start = vma_find_gap(&mm->vmas, len, MMAP_MIN_ADDR, MMAP_TOP);
		if (!start)
			return -ENOMEM;
	}

	/* A file's pages come from its object; anonymous shared memory gets an object of its
	 * own to hold its pages for every sharer. */
	struct vm_object *obj = file;
	uint32_t kind = file ? 0 : VMA_ANON;
	if (type != MAP_PRIVATE)
		kind |= VMA_SHARED;
	if (file)
		vmobj_get(file);
	else if (type != MAP_PRIVATE && !(obj = vmobj_create(len >> PAGE_SHIFT)))
		return -ENOMEM;
	else
		pgoff = 0;
	kind |= mm->def_flags;
	if (!uvm_may_expand(mm, len, (uint32_t)prot, kind)) {
		if (obj && !file)
			vmobj_put(obj);
		return -ENOMEM;
	}
	int err = vma_insert_obj(&mm->vmas, start, start + len, (uint32_t)prot, kind, obj, pgoff);
	if (err) {
		if (obj)
			vmobj_put(obj);
		return err;
	}
	/* As Linux's mm_populate: failing to fault pages in does not fail the mmap. */
	if ((flags & MAP_POPULATE) || ((mm->def_flags & VMA_LOCKED) &&
				       !(mm->def_flags & VMA_LOCKONFAULT)))
		(void)uvm_populate(mm, start, start + len, POPULATE_AS_MLOCK);
	return (long)start;
}

int uvm_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || len == 0 || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	return unmap_range(mm, addr, addr + PAGE_ROUND_UP(len));
}

struct protect_state {
	uint64_t perm;
	int exec_added;   /* some present page becomes executable */
};

/* New permissions for a present page. A copy-on-write page that another address space
 * still maps stays read-only and marked, so that a write copies it; one that nobody else
 * maps any more is this process's own and takes perm as it is. */
static void protect_page(void *arg, uint64_t va, pte_t *pte, int level)
{
	struct protect_state *ps = arg;
	uint64_t perm = ps->perm;
	(void)va, (void)level;

	if ((*pte & PTE_COW) && pageref_shared(PTE_TO_PA(*pte)))
		perm = (perm & ~PTE_W) | PTE_COW;
	if ((perm & PTE_X) && !(*pte & PTE_X))
		ps->exec_added = 1;
	*pte = pt_with_perm(*pte, perm);
}

int uvm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
	if ((addr & (PAGE_SIZE - 1)) || (prot & ~PROT_ALL))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (addr >= USER_TOP || len > USER_TOP - addr)
		return -ENOMEM;
	uint64_t end = addr + PAGE_ROUND_UP(len);
	int err = vma_protect(&mm->vmas, addr, end, (uint32_t)prot);
	if (err)
		return err;
	struct protect_state ps = { uvm_pte_perm((uint32_t)prot), 0 };
	pt_for_each_leaf(&kernel_pt_env, mm->root, addr, end - addr, protect_page, &ps);
	tlb_flush_range(mm, addr, end);
	/* Code the program stored as data is about to run (see sync_icache in mm/uvm.c). */
	if (ps.exec_added)
		tlb_sync_icache(mm);
	return 0;
}

uint64_t uvm_brk(struct mm *mm, uint64_t addr)
{
	uint64_t old_end = PAGE_ROUND_UP(mm->brk), new_end = PAGE_ROUND_UP(addr);

	if (addr < mm->brk_start || addr >= MMAP_TOP)
		return mm->brk;
	if (new_end > old_end) {
		if (vma_overlaps(&mm->vmas, old_end, new_end) ||
		    !uvm_may_expand(mm, new_end - old_end, PROT_WRITE, VMA_HEAP) ||
		    vma_insert(&mm->vmas, old_end, new_end, PROT_READ | PROT_WRITE,
			       VMA_HEAP | mm->def_flags))
			return mm->brk;
		if ((mm->def_flags & VMA_LOCKED) && !(mm->def_flags & VMA_LOCKONFAULT))
			(void)uvm_populate(mm, old_end, new_end, POPULATE_AS_MLOCK);
	} else if (new_end < old_end && unmap_range(mm, new_end, old_end)) {
		return mm->brk;
	}
	mm->brk = addr;
	return addr;
}
