/* The descriptor table: small integers naming open file descriptions, each with its own
 * close-on-exec flag (fcntl(2), "File descriptor flags"). A table is shared by the
 * threads of a process (clone(2) CLONE_FILES), so every access takes its lock; files
 * are put only after it is released, because a last put may release a pipe end and
 * wake its readers (proc_lock). */
#include <string.h>
#include "abi/errno.h"
#include "fs/file.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "mm/kmalloc.h"

static struct fd_table *table(void)
{
	return current_proc()->fdt;
}

struct fd_table *fd_table_create(void)
{
	struct fd_table *t = kzalloc(sizeof(*t));

	if (t) {
		t->refs = 1;
		t->lock = (struct spinlock)SPINLOCK_INIT("fdtable");
	}
	return t;
}

struct fd_table *fd_table_copy(struct fd_table *from)
{
	struct fd_table *t = fd_table_create();

	if (!t)
		return NULL;
	spin_lock(&from->lock);
	for (int fd = 0; fd < NOFILE; fd++)
		if ((t->files[fd] = from->files[fd]))
			file_get(t->files[fd]);
	memcpy(t->cloexec, from->cloexec, sizeof(t->cloexec));
	spin_unlock(&from->lock);
	return t;
}

void fd_table_put(struct fd_table *t)
{
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	/* The last user: nobody else can reach the table any more. */
	for (int fd = 0; fd < NOFILE; fd++)
		if (t->files[fd])
			file_put(t->files[fd]);
	kfree(t);
}

struct file *fget(int64_t fd)
{
	struct fd_table *t = table();
	struct file *f = NULL;

	if (fd >= 0 && fd < NOFILE) {
		spin_lock(&t->lock);
		f = t->files[fd];
		if (f)
			file_get(f);
		spin_unlock(&t->lock);
	}
	return f;
}

struct inode *fd_inode_of(struct proc *p, int fd)
{
	struct fd_table *t = p->fdt;
	struct inode *ip = NULL;

	if (t && fd >= 0 && fd < NOFILE) {
		spin_lock(&t->lock);
		ip = t->files[fd] ? t->files[fd]->ip : NULL;
		spin_unlock(&t->lock);
	}
	return ip;
}

static void set_cloexec_locked(struct fd_table *t, int fd, int on)
{
	uint64_t bit = 1UL << (fd % 64);
	uint64_t *word = &t->cloexec[fd / 64];
	*word = on ? *word | bit : *word & ~bit;
}

void fd_set_cloexec(int fd, int on)
{
	struct fd_table *t = table();

	spin_lock(&t->lock);
	set_cloexec_locked(t, fd, on);
	spin_unlock(&t->lock);
}

int fd_get_cloexec(int fd)
{
	struct fd_table *t = table();

	spin_lock(&t->lock);
	int on = (t->cloexec[fd / 64] >> (fd % 64)) & 1;
	spin_unlock(&t->lock);
	return on;
}

static int lowest_free_locked(struct fd_table *t, int min)
{
	for (int fd = min; fd < rlimit_nofile(); fd++)
		if (!t->files[fd])
			return fd;
	return -EMFILE;
}

int fd_lowest_free(int min)
{
	struct fd_table *t = table();

	spin_lock(&t->lock);
	int fd = lowest_free_locked(t, min);
	spin_unlock(&t->lock);
	return fd;
}

int fd_install(struct file *f, int min, int cloexec)
{
	struct fd_table *t = table();

	spin_lock(&t->lock);
	int fd = lowest_free_locked(t, min);
	if (fd >= 0) {
		t->files[fd] = f;
		set_cloexec_locked(t, fd, cloexec);
	}
	spin_unlock(&t->lock);
	if (fd < 0)
		file_put(f);
	return fd;
}

void fd_install_at(struct file *f, int fd, int cloexec)
{
	struct fd_table *t = table();

	BUG_ON(fd < 0 || fd >= NOFILE);
	spin_lock(&t->lock);
	struct file *old = t->files[fd];
	t->files[fd] = f;
	set_cloexec_locked(t, fd, cloexec);
	spin_unlock(&t->lock);
	if (old)
		file_put(old);   /* closed silently, after the new one is in place */
}

int fd_close(int64_t fd)
{
	struct fd_table *t = table();
	struct file *f = NULL;

	if (fd >= 0 && fd < NOFILE) {
		spin_lock(&t->lock);
		f = t->files[fd];
		t->files[fd] = NULL;
		spin_unlock(&t->lock);
	}
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

void fd_exec(struct proc *p)
{
	struct fd_table *t = p->fdt;

	for (int fd = 0; fd < NOFILE; fd++) {
		spin_lock(&t->lock);
		struct file *f = (t->cloexec[fd / 64] >> (fd % 64)) & 1 ? t->files[fd] : NULL;
		if (f)
			t->files[fd] = NULL;
		spin_unlock(&t->lock);
		if (f)
			file_put(f);
	}
	spin_lock(&t->lock);
	memset(t->cloexec, 0, sizeof(t->cloexec));
	spin_unlock(&t->lock);
}
