/* A process's address space as /proc shows it: /proc/PID/maps (show_map_vma in
 * fs/proc/task_mmu.c) and the sizes stat and status report. */
#include "fs/inode.h"
#include "fs/proc/pid_mem.h"
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/filemap.h"
#include "mm/pagetable.h"
#include "mm/uvm.h"
#include "mm/vma.h"

/* The name at the end of a maps line, or NULL for none. VMAs record no file yet: when
 * file-backed ones carry their inode, its path goes here. */
static const char *vma_name(const struct vma *v)
{
	if (v->flags & VMA_HEAP)
		return "[heap]";
	if (v->flags & VMA_STACK)
		return "[stack]";
	if (v->start == SIGRETURN_TRAMPOLINE)
		return "[sigpage]";   /* the name ARM Linux gives its sigreturn page */
	return v->obj ? v->obj->name : NULL;
}

void pid_mem_usage(struct mm *mm, struct pid_mem *u)
{
	u->size = u->stack = 0;
	u->rss = mm_rss(mm);
	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		u->size += v->end - v->start;
		if (v->flags & VMA_STACK)
			u->stack += v->end - v->start;
	}
}

/* "start-end perms offset major:minor inode ", then, for a named range, spaces up to
 * 72 columns, one more, and the name (seq_setwidth and seq_pad). Ranges of an object show their offset in it; file
 * ranges their file system's device, the inode and the path (fs/path_of.c). */
void show_maps_line(struct proc_text *t, const struct vma *v)
{
	const char *name = vma_name(v);
	size_t start = t->len;
	const struct inode *ip = vma_file(v);

	text_printf(t, "%08lx-%08lx %c%c%c%c %08lx 00:%02x %lu ", v->start, v->end,
		    v->prot & VMA_READ ? 'r' : '-', v->prot & VMA_WRITE ? 'w' : '-',
		    v->prot & VMA_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p',
		    v->obj ? v->pgoff * PAGE_SIZE : 0, ip ? (unsigned)ip->sb->dev : 0U,
		    ip ? ip->ino : 0);
	if (name) {
		while (t->len - start < 72)
			text_put(t, " ", 1);
		text_printf(t, " %s", name);
	}
	text_put(t, "\n", 1);
}

int show_pid_maps(struct proc_text *t, struct proc *p)
{
	struct mm *mm = p->mm;

	for (int i = 0; mm && i < mm->vmas.n; i++)
		show_maps_line(t, &mm->vmas.v[i]);
	return 0;
}
