/* A process's directory, /proc/PID: stat, status, cmdline, comm, maps, smaps,
 * smaps_rollup, pagemap, the fd and task directories and the exe symlink, whose target is
 * brought up to date (an exec changes it) each time the directory is looked in. */
#include <string.h>
#include "abi/errno.h"
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "kernel/sched.h"

static const struct proc_entry pid_files[] = {
	{ "cmdline", show_pid_cmdline },
	{ "comm", show_pid_comm },
	{ "maps", show_pid_maps },
	{ "smaps", show_pid_smaps },
	{ "smaps_rollup", show_pid_smaps_rollup },
	{ "stat", show_pid_stat },
	{ "status", show_pid_status },
};

static void pid_revalidate(struct inode *dir)
{
	char exe[PROC_EXE_LEN];
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(dir->priv_pid);

	if (p)
		memcpy(exe, p->exe, sizeof(exe));
	spin_unlock_irqrestore(&proc_lock, flags);
	struct inode *link = dir_lookup_plain(dir, "exe", 3);
	if (p && link && exe[0])
		proc_set_target(link, exe);
}

int proc_fill_pid_dir(struct inode *dir, int pid)
{
	if (!dir)
		return -ENOMEM;
	for (unsigned i = 0; i < sizeof(pid_files) / sizeof(pid_files[0]); i++)
		if (!proc_add(dir, pid_files[i].name, S_IFREG | 0444, &pid_files[i], pid, NULL))
			return -ENOMEM;
	static const struct proc_entry pagemap = { "pagemap", NULL };
	struct inode *ip = proc_add(dir, "pagemap", S_IFREG | 0400, &pagemap, pid, NULL);
	if (!ip)
		return -ENOMEM;
	ip->fops = &proc_pagemap_ops;   /* binary: its own reads */
	if (!proc_add(dir, "exe", S_IFLNK | 0777, NULL, pid, "/") ||
	    proc_fill_fd_dir(proc_add(dir, "fd", S_IFDIR | 0500, NULL, pid, NULL)) ||
	    proc_fill_task_dir(proc_add(dir, "task", S_IFDIR | 0555, NULL, pid, NULL)))
		return -ENOMEM;
	dir->revalidate = pid_revalidate;
	return 0;
}
