/* /proc/PID/fd: a symlink per open descriptor, named by its number, to what it has open
 * (proc_fd_link): a file's path, or "pipe:[ino]" for a pipe. The directory is made again
 * from the descriptor table each time it is looked in. */
#include <string.h>
#include "abi/errno.h"
#include "abi/limits.h"
#include "fs/proc/proc_fs.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "fs/file.h"
#include "fs/memfd.h"

/* The path of ip, found by walking the tree from dir (whose path is the len bytes in
 * path) and into what is mounted on it: the length, or 0 if ip has no name there. */
static size_t find_path(struct inode *dir, struct inode *ip, char *path, size_t len)
{
	for (struct dirent_node *d = dir->entries; d; d = d->next) {
		struct inode *child = d->inode->mounted ? d->inode->mounted : d->inode;
		if (len + 1 + d->len + 1 > PATH_MAX)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, d->name, d->len + 1);
		if (child == ip)
			return len + 1 + d->len;
		size_t n = S_ISDIR(child->mode) ? find_path(child, ip, path, len + 1 + d->len) : 0;
		if (n)
			return n;
	}
	return 0;
}

static void target_of(struct inode *ip, char *path)
{
	if (S_ISFIFO(ip->mode))
		snprintk(path, PATH_MAX, "pipe:[%lu]", ip->ino);
	else if ((ip->mode & S_IFMT) == S_IFSOCK)
		snprintk(path, PATH_MAX, "socket:[%lu]", ip->ino);
	else if (ip->memfd)
		snprintk(path, PATH_MAX, "/%s (deleted)", ip->memfd->name);
	else if (ip == fs_root())
		memcpy(path, "/", 2);
	else if (!find_path(fs_root(), ip, path, 0))
		snprintk(path, PATH_MAX, "/ (deleted)");   /* unlinked: its name is gone */
}

/* Under fs_lock (from dir_lookup), so no inode the table names can be freed meanwhile;
 * the table itself is read under proc_lock. The buffers are static (too big for a kernel
 * stack); fs_lock serializes their users. */
static void fd_revalidate(struct inode *dir)
{
	static struct inode *open[NOFILE];
	static char path[PATH_MAX];
	char name[8];
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(dir->priv_pid);

	for (int i = 0; i < NOFILE; i++)
		open[i] = p ? fd_inode_of(p, i) : NULL;
	spin_unlock_irqrestore(&proc_lock, flags);
	while (dir->entries)
		dir_remove(dir, dir->entries->name, dir->entries->len);
	for (int i = 0; i < NOFILE; i++) {
		if (!open[i])
			continue;
		target_of(open[i], path);
		snprintk(name, sizeof(name), "%d", i);
		proc_add(dir, name, S_IFLNK | 0700, NULL, dir->priv_pid, path);
	}
}

int proc_fill_fd_dir(struct inode *dir)
{
	if (!dir)
		return -ENOMEM;
	dir->revalidate = fd_revalidate;
	return 0;
}
