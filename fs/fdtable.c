/* The per-process descriptor table: small integers naming open file descriptions, each
 * with its own close-on-exec flag (fcntl(2), "File descriptor flags"). */
#include "abi/errno.h"
#include "fs/file.h"
#include "kernel/proc.h"

struct file *fd_file(int64_t fd)
{
	struct proc *p = current_proc();
	return fd >= 0 && fd < NOFILE ? p->files[fd] : NULL;
}

void fd_set_cloexec(int fd, int on)
{
	uint64_t bit = 1UL << (fd % 64);
	uint64_t *word = &current_proc()->cloexec[fd / 64];
	*word = on ? *word | bit : *word & ~bit;
}

int fd_get_cloexec(int fd)
{
	return (current_proc()->cloexec[fd / 64] >> (fd % 64)) & 1;
}

int fd_lowest_free(int min)
{
	struct proc *p = current_proc();

	for (int fd = min; fd < rlimit_nofile(); fd++)
		if (!p->files[fd])
			return fd;
	return -EMFILE;
}

int fd_install(struct file *f, int min, int cloexec)
{
	int fd = fd_lowest_free(min);

	if (fd < 0) {
		file_put(f);
		return fd;
	}
	current_proc()->files[fd] = f;
	fd_set_cloexec(fd, cloexec);
	return fd;
}

int fd_close(int64_t fd)
{
	struct file *f = fd_file(fd);

	if (!f)
		return -EBADF;
	current_proc()->files[fd] = NULL;
	file_put(f);
	return 0;
}

void fd_fork(struct proc *child, struct proc *parent)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if ((child->files[fd] = parent->files[fd]))
			file_get(child->files[fd]);
	for (int i = 0; i < NOFILE / 64; i++)
		child->cloexec[i] = parent->cloexec[i];
	child->cwd = inode_get(parent->cwd);   /* every process has one, from init on */
	child->umask = parent->umask;
}

void fd_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd] && ((p->cloexec[fd / 64] >> (fd % 64)) & 1)) {
			file_put(p->files[fd]);
			p->files[fd] = NULL;
		}
	}
	for (int i = 0; i < NOFILE / 64; i++)
		p->cloexec[i] = 0;
}

void fd_exit(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd]) {
			file_put(p->files[fd]);
			p->files[fd] = NULL;
		}
	}
	inode_put(p->cwd);
	p->cwd = NULL;
}
