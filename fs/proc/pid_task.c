/* /proc/PID/task (proc(5)): a directory per thread of the process, named by its tid,
 * with the thread's stat, status and comm. Made again from the process table each time
 * it is looked in, as the root directory is. */
#include <string.h>
#include "fs/proc/proc_fs.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"

static const struct proc_entry task_files[] = {
	{ "comm", show_pid_comm },
	{ "stat", show_pid_stat },
	{ "status", show_pid_status },
};

static int tid_in(const int *tids, int n, int tid)
{
	for (int i = 0; i < n; i++)
		if (tids[i] == tid)
			return 1;
	return 0;
}

static void fill_task_dir(struct inode *dir, int tid)
{
	for (unsigned i = 0; dir && i < sizeof(task_files) / sizeof(task_files[0]); i++)
		proc_add(dir, task_files[i].name, S_IFREG | 0444, &task_files[i], tid, NULL);
}

/* Under fs_lock (from dir_lookup); the tids are read under proc_lock, the directories
 * changed after it is dropped, since that allocates. */
static void task_revalidate(struct inode *dir)
{
	static int tids[NPROC];   /* fs_lock serializes its users */
	int n = 0;
	char name[16];
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = proc_find(dir->priv_pid);

	for (int i = 0; p && i < proc_table_used; i++)
		if (thread_live(&proc_table[i], p->tg))
			tids[n++] = proc_table[i].pid;
	spin_unlock_irqrestore(&proc_lock, flags);

	for (struct dirent_node *d = dir->entries, *next; d; d = next) {
		next = d->next;
		if (!tid_in(tids, n, d->inode->priv_pid))
			proc_remove_dir(dir, d->inode);
	}
	for (int i = 0; i < n; i++) {
		snprintk(name, sizeof(name), "%d", tids[i]);
		if (!dir_lookup_plain(dir, name, strlen(name)))
			fill_task_dir(proc_add(dir, name, S_IFDIR | 0555, NULL, tids[i], NULL), tids[i]);
	}
}

int proc_fill_task_dir(struct inode *dir)
{
	if (!dir)
		return -ENOMEM;
	dir->revalidate = task_revalidate;
	return 0;
}
