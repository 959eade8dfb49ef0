/* Reading a /proc file: its text is made into a kernel buffer by the entry's show
 * function, then the part at the offset is copied out. Each read makes the text again,
 * as Linux's seq_file does, so a reader going in small pieces may see two states. */
#include <stdarg.h>
#include <string.h>
#include "abi/errno.h"
#include "fs/file.h"
#include "fs/proc/proc_fs.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "mm/uvm.h"
#include "kernel/sched.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"

void text_put(struct proc_text *t, const void *data, size_t n)
{
	if (n > PROC_TEXT_MAX - t->len)
		n = PROC_TEXT_MAX - t->len;
	memcpy(t->buf + t->len, data, n);
	t->len += n;
}

void text_printf(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintk(t->buf + t->len, PROC_TEXT_MAX + 1 - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < PROC_TEXT_MAX - t->len ? (size_t)n : PROC_TEXT_MAX - t->len;
}

struct mm *proc_pid_mm(int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(pid);
	struct mm *mm = p ? p->mm : NULL;
	if (mm)
		mm_get(mm);
	spin_unlock_irqrestore(&proc_lock, flags);
	return mm;
}

/* A process's file is made under proc_lock, so that the process cannot be freed while
 * its state is read; one that is gone is ESRCH (as proc_pid_* give). Its address space
 * (maps, sizes, cmdline) is read under the mm's lock, which comes before proc_lock
 * (docs/locking.md): taken first, and the text made again if an exec replaced the mm
 * meanwhile. */
static int make_text(struct inode *ip, struct proc_text *t)
{
	const struct proc_entry *e = ip->priv;

	if (!ip->priv_pid)
		return e->show(t, NULL);
	for (;;) {
		struct mm *mm = proc_pid_mm(ip->priv_pid);
		if (mm)
			mm_lock(mm);
		t->len = 0;
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		struct proc *p = proc_find(ip->priv_pid);
		int same = !p || p->mm == mm || !p->mm;
		int err = !p ? -ESRCH : same ? e->show(t, p) : 0;
		spin_unlock_irqrestore(&proc_lock, flags);
		if (mm) {
			mm_unlock(mm);
			mm_put(mm);
		}
		if (same)
			return err;
	}
}

static long proc_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct proc_text t = { kmalloc(PROC_TEXT_MAX + 1), 0 };

	if (!t.buf)
		return -ENOMEM;
	long r = make_text(f->ip, &t);
	if (!r && *off < t.len) {
		uint64_t len = t.len - *off < n ? t.len - *off : n;
		r = copy_to_user(ubuf, t.buf + *off, len) ? -EFAULT : (long)len;
		if (r > 0)
			*off += (uint64_t)r;
	}
	kfree(t.buf);
	return r;
}

/* No file here takes writes: EIO, as pde_write says without a write operation. */
static long proc_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return -EIO;
}

const struct file_ops proc_file_ops = { .read = proc_read, .write = proc_write, .seekable = 1 };
