/* The /proc root: the machine's files, "self", and a directory per process, kept in step
 * with the process table each time the root is looked in (proc_root_lookup and
 * proc_pid_readdir in Linux find them in the table each time instead). */
#include <string.h>
#include "abi/errno.h"
#include "abi/statfs.h"
#include "fs/proc/proc.h"
#include "fs/proc/proc_fs.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "mm/kmalloc.h"

/* PROC_SUPER_MAGIC; mounted nosuid, nodev, noexec as distributions mount it. Device 2. */
const struct fs_sb proc_sb = { 2, 0x9fa0, "proc", ST_NOSUID | ST_NODEV | ST_NOEXEC, 1 };
const struct dt_info *proc_dt;

static const struct proc_entry machine_files[] = {
	{ "cpuinfo", show_cpuinfo },
	{ "filesystems", show_filesystems },
	{ "loadavg", show_loadavg },
	{ "meminfo", show_meminfo },
	{ "mounts", show_mounts },
	{ "stat", show_stat },
	{ "uptime", show_uptime },
	{ "version", show_version },
};
static const struct proc_entry mmap_min_addr_file = { "mmap_min_addr", show_mmap_min_addr };

struct inode *proc_add(struct inode *dir, const char *name, uint32_t mode,
		       const struct proc_entry *e, int pid, const char *target)
{
	struct inode *ip = inode_alloc_locked(mode);

	if (!ip)
		return NULL;
	ip->sb = &proc_sb;
	ip->priv = e;
	ip->priv_pid = pid;
	if (e)
		ip->fops = &proc_file_ops;
	if ((target && proc_set_target(ip, target)) || dir_add(dir, name, strlen(name), ip)) {
		inode_put_locked(ip);
		return NULL;
	}
	inode_put_locked(ip);   /* its name holds it */
	return ip;
}

int proc_set_target(struct inode *link, const char *target)
{
	size_t len = strlen(target);

	if (link->target && !strcmp(link->target, target))
		return 0;
	char *copy = kmalloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	kfree(link->target);
	link->target = copy;
	link->size = len;
	return 0;
}

void proc_remove_dir(struct inode *parent, struct inode *dir)
{
	struct dirent_node *d;

	while ((d = dir->entries)) {
		if (S_ISDIR(d->inode->mode))
			proc_remove_dir(dir, d->inode);
		else
			dir_remove(dir, d->name, d->len);
	}
	for (d = parent->entries; d; d = d->next) {
		if (d->inode == dir) {
			dir_remove(parent, d->name, d->len);
			return;
		}
	}
}

static int pid_in(const int *pids, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

/* Runs under fs_lock (from dir_lookup). The pids are read under proc_lock (taken inside
 * fs_lock); the directories are changed after it is dropped, since that allocates. Running out of memory leaves a process unlisted until the next
 * look. */
static void root_revalidate(struct inode *root)
{
	int pids[NPROC], n = 0;
	char name[16];
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->state != PROC_UNUSED && p->state != PROC_EMBRYO && thread_is_leader(p))
			pids[n++] = p->pid;   /* a process per thread group; threads in its task/ */
	}
	spin_unlock_irqrestore(&proc_lock, flags);

	struct dirent_node *d = root->entries, *next;
	for (; d; d = next) {
		next = d->next;
		if (d->inode->priv_pid && !pid_in(pids, n, d->inode->priv_pid))
			proc_remove_dir(root, d->inode);
	}
	for (int i = 0; i < n; i++) {
		snprintk(name, sizeof(name), "%d", pids[i]);
		if (!dir_lookup_plain(root, name, strlen(name)))
			proc_fill_pid_dir(proc_add(root, name, S_IFDIR | 0555, NULL, pids[i], NULL),
					  pids[i]);
	}
	snprintk(name, sizeof(name), "%d", current_proc()->tg->tgid);
	struct inode *self = dir_lookup_plain(root, "self", 4);
	if (self)
		proc_set_target(self, name);
}

static struct inode *proc_root;

/* Whether anyone holds dir or one of its files (an open file, a cwd). */
static int in_use(struct inode *dir)
{
	if (dir->refs)
		return 1;
	for (struct dirent_node *d = dir->entries; d; d = d->next)
		if (d->inode->refs)
			return 1;
	return 0;
}

void proc_prune(void)
{
	struct dirent_node *d, *next;

	spin_lock(&fs_lock);
	for (d = proc_root ? proc_root->entries : NULL; d; d = next) {
		next = d->next;
		if (d->inode->priv_pid && !in_use(d->inode))
			proc_remove_dir(proc_root, d->inode);
	}
	spin_unlock(&fs_lock);
}

int proc_mount(const struct dt_info *dt)
{
	struct inode *root = fs_root(), *mp;
	int err = fs_mkdir(root, "proc", 0555);

	if (err && err != -EEXIST)
		return err;
	err = 0;
	spin_lock(&fs_lock);
	mp = dir_lookup(root, "proc", 4);
	if (!mp || !S_ISDIR(mp->mode) || !(proc_root = inode_alloc_locked(S_IFDIR | 0555))) {
		spin_unlock(&fs_lock);
		return mp && S_ISDIR(mp->mode) ? -ENOMEM : -ENOTDIR;
	}
	proc_dt = dt;
	proc_root->sb = &proc_sb;
	proc_root->nlink = 2;
	proc_root->parent = root;   /* "/proc/.." is "/" */
	for (unsigned i = 0; i < sizeof(machine_files) / sizeof(machine_files[0]); i++)
		if (!proc_add(proc_root, machine_files[i].name, S_IFREG | 0444, &machine_files[i], 0,
			      NULL))
			err = -ENOMEM;
	/* /proc/sys/vm/mmap_min_addr, the one sysctl there is */
	struct inode *sys = proc_add(proc_root, "sys", S_IFDIR | 0555, NULL, 0, NULL);
	struct inode *vm = sys ? proc_add(sys, "vm", S_IFDIR | 0555, NULL, 0, NULL) : NULL;
	if (!vm || !proc_add(vm, mmap_min_addr_file.name, S_IFREG | 0444, &mmap_min_addr_file,
			     0, NULL))
		err = -ENOMEM;
	if (!proc_add(proc_root, "self", S_IFLNK | 0777, NULL, 0, "1"))
		err = -ENOMEM;
	proc_root->revalidate = root_revalidate;
	mp->mounted = proc_root;   /* the reference from inode_alloc: mounted for good */
	spin_unlock(&fs_lock);
	return err;
}
