/* /proc/PID/smaps and smaps_rollup (proc(5); Linux's show_smap and show_smaps_rollup in
 * fs/proc/task_mmu.c, 6.1's fields and widths): per range, its maps line, then the
 * memory it has present, from its page tables.
 *
 * What the numbers mean here: every page is 4 KiB; a page is mapped by as many address
 * spaces as it has holders (mm/pageref.h), less one for a memory object's own page
 * (the object's reference is not a mapping) -- "Shared" when that is more than one, and
 * Pss divides the page among them. A page mapped writable is "Dirty" (its PTE's D bit is
 * set up front, mm/pagetable.h) and every present page "Referenced" (A likewise).
 * "Anonymous" counts the pages of anonymous private ranges and the private copies made
 * in private object ranges (their PTEs are writable). Nothing is ever swapped, huge, or
 * lazily freed. VmFlags has no "sd": soft-dirty is not tracked (docs/filesystem.md). */
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/pagetable.h"
#include "mm/uvm.h"
#include "mm/vma.h"

/* Bytes, and Pss in bytes << PSS_SHIFT (Linux's fixed point, for the division). */
#define PSS_SHIFT 12

struct smap_sums {
	uint64_t rss, pss, pss_dirty, pss_anon, pss_file, pss_shmem;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t anonymous, locked;
};

struct smap_walk {
	const struct vma *v;
	struct smap_sums *s;
};

static void count_page(void *arg, uint64_t va, pte_t *pte, int level)
{
	struct smap_walk *w = arg;
	struct smap_sums *s = w->s;
	const struct vma *v = w->v;
	uint64_t size = PT_LEVEL_SIZE(level), pa = PTE_TO_PA(*pte);
	int private_copy = v->obj && !(v->flags & VMA_SHARED) && (*pte & PTE_W);
	int object_page = v->obj && !private_copy;
	uint32_t holders = pageref_holders(pa);
	uint32_t mapped = holders > 1 && object_page ? holders - 1 : holders;
	int dirty = (*pte & PTE_D) != 0;
	uint64_t pss = (size << PSS_SHIFT) / mapped;

	(void)va;
	s->rss += size;
	s->pss += pss;
	if (dirty)
		s->pss_dirty += pss;
	if (!object_page)
		s->pss_anon += pss, s->anonymous += size;
	else if (v->flags & VMA_ANON)
		s->pss_shmem += pss;
	else
		s->pss_file += pss;
	if (mapped > 1)
		*(dirty ? &s->shared_dirty : &s->shared_clean) += size;
	else
		*(dirty ? &s->private_dirty : &s->private_clean) += size;
	if (v->flags & VMA_LOCKED)
		s->locked += pss;
}

static void sum_range(struct mm *mm, const struct vma *v, struct smap_sums *s)
{
	struct smap_walk w = { v, s };

	pt_for_each_leaf(&kernel_pt_env, mm->root, v->start, v->end - v->start, count_page, &w);
}

static void kb_line(struct proc_text *t, const char *name, uint64_t bytes)
{
	text_printf(t, "%-16s%8lu kB\n", name, bytes >> 10);
}

static void show_sums(struct proc_text *t, const struct smap_sums *s, int rollup)
{
	kb_line(t, "Rss:", s->rss);
	kb_line(t, "Pss:", s->pss >> PSS_SHIFT);
	kb_line(t, "Pss_Dirty:", s->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		kb_line(t, "Pss_Anon:", s->pss_anon >> PSS_SHIFT);
		kb_line(t, "Pss_File:", s->pss_file >> PSS_SHIFT);
		kb_line(t, "Pss_Shmem:", s->pss_shmem >> PSS_SHIFT);
	}
	kb_line(t, "Shared_Clean:", s->shared_clean);
	kb_line(t, "Shared_Dirty:", s->shared_dirty);
	kb_line(t, "Private_Clean:", s->private_clean);
	kb_line(t, "Private_Dirty:", s->private_dirty);
	kb_line(t, "Referenced:", s->rss);
	kb_line(t, "Anonymous:", s->anonymous);
	kb_line(t, "LazyFree:", 0);
	kb_line(t, "AnonHugePages:", 0);
	kb_line(t, "ShmemPmdMapped:", 0);
	kb_line(t, "FilePmdMapped:", 0);
	kb_line(t, "Shared_Hugetlb:", 0);
	kb_line(t, "Private_Hugetlb:", 0);
	kb_line(t, "Swap:", 0);
	kb_line(t, "SwapPss:", 0);
	kb_line(t, "Locked:", s->locked >> PSS_SHIFT);
}

/* The two-letter names of Linux's show_smap_vma_flags, in its order and each followed by
 * a space, for the flags a range here can have: rd wr ex sh mr mw me ms gd lo dc ac.
 * Every range may be given
 * any protection (mprotect), so mr mw me are always there, and ms with sh. */
static void show_vm_flags(struct proc_text *t, const struct vma *v)
{
	int shared = (v->flags & VMA_SHARED) != 0;

	text_printf(t, "VmFlags: %s%s%s%smr mw me %s%s%s%s%s\n",
		    v->prot & VMA_READ ? "rd " : "", v->prot & VMA_WRITE ? "wr " : "",
		    v->prot & VMA_EXEC ? "ex " : "", shared ? "sh " : "", shared ? "ms " : "",
		    v->flags & VMA_STACK ? "gd " : "", v->flags & VMA_LOCKED ? "lo " : "",
		    v->flags & VMA_DONTFORK ? "dc " : "",
		    !shared && (v->prot & VMA_WRITE) ? "ac " : "");
}

int show_pid_smaps(struct proc_text *t, struct proc *p)
{
	struct mm *mm = p->mm;

	for (int i = 0; mm && i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		struct smap_sums s = { 0 };

		show_maps_line(t, v);
		sum_range(mm, v, &s);
		kb_line(t, "Size:", v->end - v->start);
		kb_line(t, "KernelPageSize:", PAGE_SIZE);
		kb_line(t, "MMUPageSize:", PAGE_SIZE);
		show_sums(t, &s, 0);
		text_printf(t, "THPeligible:    0\n");
		show_vm_flags(t, v);
	}
	return 0;
}

/* One block for the whole address space, headed by its first start and last end as
 * Linux's is (an empty one shows nothing). */
int show_pid_smaps_rollup(struct proc_text *t, struct proc *p)
{
	struct mm *mm = p->mm;
	struct smap_sums s = { 0 };

	if (!mm || !mm->vmas.n)
		return 0;
	for (int i = 0; i < mm->vmas.n; i++)
		sum_range(mm, &mm->vmas.v[i], &s);
	size_t start = t->len;
	text_printf(t, "%08lx-%08lx ---p 00000000 00:00 0", mm->vmas.v[0].start,
		    mm->vmas.v[mm->vmas.n - 1].end);
	while (t->len - start < 73)
		text_put(t, " ", 1);
	text_printf(t, "[rollup]\n");
	show_sums(t, &s, 1);
	return 0;
}
