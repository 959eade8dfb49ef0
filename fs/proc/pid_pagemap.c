/* /proc/PID/pagemap (Linux Documentation/admin-guide/mm/pagemap.rst, pagemap_read in
 * fs/proc/task_mmu.c): eight bytes per virtual page, the entry of page N at offset
 * N * 8, read from the process's page tables:
 *   bit 63 present (PROT_NONE pages too, as Linux's pte_present), bits 0-54 its page
 *   frame number (every process runs as root here, so the PFN is always shown),
 *   bit 56 mapped by this address space only, bit 61 a page of a memory object (a file,
 *   or MAP_SHARED anonymous memory: Linux's "file-page or shared-anon").
 * Bit 55 (soft-dirty) and bit 62 (swapped) are never set: nothing is swapped and
 * soft-dirty is not tracked. The offset and the count must be multiples of 8 (EINVAL);
 * a read at or past the end of user space reads nothing. */
#include "abi/errno.h"
#include "fs/file.h"
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/pagetable.h"
#include "mm/usercopy.h"
#include "mm/uvm.h"
#include "mm/vma.h"

#define PM_ENTRY_BYTES 8
#define PM_PRESENT     (1UL << 63)
#define PM_FILE        (1UL << 61)
#define PM_EXCLUSIVE   (1UL << 56)
#define PM_PFN_MASK    ((1UL << 55) - 1)
#define CHUNK_ENTRIES  (PAGE_SIZE / PM_ENTRY_BYTES)

static uint64_t entry_of(struct mm *mm, uint64_t va)
{
	int level;
	struct vma *v = vma_find(&mm->vmas, va);
	pte_t *pte = v ? pt_walk(&kernel_pt_env, mm->root, va, &level) : NULL;

	if (!pte || !(*pte & PTE_PRESENT))
		return 0;
	uint64_t pa = PTE_TO_PA(*pte) + (va & (PT_LEVEL_SIZE(level) - 1) & ~(PAGE_SIZE - 1));
	int object_page = v->obj && ((v->flags & VMA_SHARED) || !(*pte & PTE_W));
	uint32_t holders = pageref_holders(PTE_TO_PA(*pte));
	uint32_t mapped = holders > 1 && object_page ? holders - 1 : holders;

	return PM_PRESENT | ((pa / PAGE_SIZE) & PM_PFN_MASK) | (object_page ? PM_FILE : 0) |
	       (mapped == 1 ? PM_EXCLUSIVE : 0);
}

/* Fills n entries from page index first, under the address space's lock (taken after a
 * reference, as docs/locking.md orders it): 0, or -ESRCH once the process is gone. A
 * process without an address space (exiting) has no pages. */
static int fill(int pid, uint64_t first, uint64_t *e, uint64_t n)
{
	struct mm *mm = proc_pid_mm(pid);

	if (!mm) {
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		int gone = !proc_find(pid);
		spin_unlock_irqrestore(&proc_lock, flags);
		if (gone)
			return -ESRCH;
	} else {
		mm_lock(mm);
	}
	for (uint64_t i = 0; i < n; i++)
		e[i] = mm ? entry_of(mm, (first + i) * PAGE_SIZE) : 0;
	if (mm) {
		mm_unlock(mm);
		mm_put(mm);
	}
	return 0;
}

static long pagemap_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	uint64_t done = 0, end = USER_TOP / PAGE_SIZE;
	uint64_t *e;

	if (*off % PM_ENTRY_BYTES || n % PM_ENTRY_BYTES)
		return -EINVAL;
	if (!(e = kmalloc(PAGE_SIZE)))
		return -ENOMEM;
	while (done < n && *off / PM_ENTRY_BYTES < end) {
		uint64_t first = *off / PM_ENTRY_BYTES, count = (n - done) / PM_ENTRY_BYTES;
		if (count > CHUNK_ENTRIES)
			count = CHUNK_ENTRIES;
		if (count > end - first)
			count = end - first;
		int err = fill(f->ip->priv_pid, first, e, count);
		if (!err && copy_to_user(ubuf + done, e, count * PM_ENTRY_BYTES))
			err = -EFAULT;
		if (err) {
			kfree(e);
			return done ? (long)done : err;
		}
		done += count * PM_ENTRY_BYTES;
		*off += count * PM_ENTRY_BYTES;
	}
	kfree(e);
	return (long)done;
}

static long pagemap_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return -EIO;
}

const struct file_ops proc_pagemap_ops = {
	.read = pagemap_read, .write = pagemap_write, .seekable = 1,
};
