/* The structures threads share (kernel/thread.h): creation, copies for fork, and
 * reference counts. Counts are atomic so that a put on one hart and a get on another
 * never lose an update; a structure is freed by the put that takes its count to 0. */
#include <string.h>
#include "fs/inode.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "mm/kmalloc.h"

static int put_last(int *refs)
{
	return __atomic_sub_fetch(refs, 1, __ATOMIC_ACQ_REL) == 0;
}

struct fs_info *fs_info_create(struct inode *cwd, uint32_t umask)
{
	struct fs_info *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->lock = (struct spinlock)SPINLOCK_INIT("fs_info");
	fs->cwd = inode_get(cwd);
	fs->umask = umask;
	return fs;
}

struct inode *fs_info_cwd(struct fs_info *fs)
{
	spin_lock(&fs->lock);
	struct inode *cwd = inode_get(fs->cwd);
	spin_unlock(&fs->lock);
	return cwd;
}

struct fs_info *fs_info_copy(struct fs_info *from)
{
	spin_lock(&from->lock);
	struct inode *cwd = inode_get(from->cwd);
	uint32_t umask = from->umask;
	spin_unlock(&from->lock);
	struct fs_info *fs = fs_info_create(cwd, umask);
	inode_put(cwd);
	return fs;
}

void fs_info_get(struct fs_info *fs)
{
	__atomic_fetch_add(&fs->refs, 1, __ATOMIC_RELAXED);
}

void fs_info_put(struct fs_info *fs)
{
	if (!put_last(&fs->refs))
		return;
	inode_put(fs->cwd);
	kfree(fs);
}

struct sighand *sighand_create(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh)
		sh->refs = 1;
	return sh;
}

struct sighand *sighand_copy(const struct sighand *from)
{
	struct sighand *sh = sighand_create();

	if (sh)
		memcpy(sh->action, from->action, sizeof(sh->action));
	return sh;
}

void sighand_get(struct sighand *sh)
{
	__atomic_fetch_add(&sh->refs, 1, __ATOMIC_RELAXED);
}

void sighand_put(struct sighand *sh)
{
	if (put_last(&sh->refs))
		kfree(sh);
}

struct thread_group *thread_group_create(int tgid, struct proc *leader)
{
	struct thread_group *tg = kzalloc(sizeof(*tg));

	if (!tg)
		return NULL;
	tg->refs = 1;
	tg->live = 1;
	tg->unfinished = 1;
	tg->tgid = tgid;
	tg->leader = leader;
	return tg;
}

void thread_group_put(struct thread_group *tg)
{
	if (put_last(&tg->refs))
		kfree(tg);
}

int thread_is_leader(const struct proc *p)
{
	return p->tg->leader == p;
}

void thread_group_copy_ids(const struct proc *leader)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (q != leader && q->state != PROC_UNUSED && q->tg == leader->tg) {
			q->pgid = leader->pgid;
			q->sid = leader->sid;
			q->tty = leader->tty;
		}
	}
}
