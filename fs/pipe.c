/* Pipes: a ring buffer of PIPE_SIZE bytes in separate pages, each taken when a write first
 * reaches it (as Linux's pipe_buffers: no contiguous allocation, and a pipe that carries
 * little holds one page), all given back when both ends are closed; and two ends. A blocked reader or writer sleeps
 * on the pipe and is woken by the other side's progress or close. The sleeps take
 * proc_lock as sleep_locked wants; the buffer itself is guarded by the kernel running
 * system calls one at a time (fs/inode.h). */
#include "abi/errno.h"
#include "abi/signal.h"
#include "fs/pipe.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/usercopy.h"

#define PIPE_PAGES ((int)(PIPE_SIZE / PAGE_SIZE))

struct pipe {
	char *pages[PIPE_PAGES];   /* ring byte i is at pages[i / PAGE_SIZE], NULL until used */
	uint64_t head;      /* index of the oldest byte */
	uint64_t count;     /* bytes waiting */
	int readers, writers;
};

/* Sleeps until the other end acts: 0, or -EINTR for a process being killed. */
static int pipe_wait(struct pipe *pp)
{
	struct proc *p = current_proc();
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	if (!p->killed)
		sleep_locked(pp, 0);
	spin_unlock_irqrestore(&proc_lock, flags);
	return p->killed ? -EINTR : 0;
}

static long pipe_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct pipe *pp = f->ip->pipe;
	uint64_t done = 0;

	(void)off;
	while (pp->count == 0) {
		if (pp->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		int err = pipe_wait(pp);
		if (err)
			return err;
	}
	while (done < n && pp->count) {
		uint64_t in = pp->head % PAGE_SIZE;
		uint64_t len = PAGE_SIZE - in;   /* up to the end of this page */
		if (len > pp->count)
			len = pp->count;
		if (len > n - done)
			len = n - done;
		if (copy_to_user(ubuf + done, pp->pages[pp->head / PAGE_SIZE] + in, len)) {
			if (!done)
				return -EFAULT;
			break;
		}
		pp->head = (pp->head + len) % PIPE_SIZE;
		pp->count -= len;
		done += len;
	}
	wakeup(pp);
	return (long)done;
}

static long broken_pipe(void)
{
	proc_kill(current_proc()->pid, SIGPIPE);
	return -EPIPE;
}

/* Writes of up to PIPE_BUF bytes wait for room for all of them, so that they are never
 * interleaved with other writers' (pipe(7)); longer ones go in as room appears. */
static long pipe_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct pipe *pp = f->ip->pipe;
	uint64_t done = 0;

	(void)off;
	while (done < n) {
		if (pp->readers == 0)
			return done ? (long)done : broken_pipe();
		uint64_t room = PIPE_SIZE - pp->count;
		if (room == 0 || (n <= PIPE_BUF && room < n)) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			int err = pipe_wait(pp);
			if (err)
				return done ? (long)done : err;
			continue;
		}
		uint64_t tail = (pp->head + pp->count) % PIPE_SIZE, in = tail % PAGE_SIZE;
		uint64_t len = PAGE_SIZE - in;   /* up to the end of this page */
		if (len > room)
			len = room;
		if (len > n - done)
			len = n - done;
		char **page = &pp->pages[tail / PAGE_SIZE];
		if (!*page) {
			uint64_t pa = page_alloc();
			if (!pa)
				return done ? (long)done : -ENOMEM;
			*page = phys_to_virt(pa);
		}
		if (copy_from_user(*page + in, ubuf + done, len))
			return done ? (long)done : -EFAULT;
		pp->count += len;
		done += len;
		wakeup(pp);
	}
	return (long)done;
}

static void free_pipe(struct pipe *pp)
{
	for (int i = 0; i < PIPE_PAGES; i++)
		if (pp->pages[i])
			page_free(virt_to_phys(pp->pages[i]));
	kfree(pp);
}

static void pipe_release(struct file *f)
{
	struct pipe *pp = f->ip->pipe;

	if (file_readable(f))
		pp->readers--;
	else
		pp->writers--;
	wakeup(pp);
	if (pp->readers == 0 && pp->writers == 0) {
		free_pipe(pp);
		f->ip->pipe = NULL;
	}
}

static const struct file_ops pipe_ops = { .read = pipe_read, .write = pipe_write,
					  .release = pipe_release };

int pipe_create(int flags, struct file **rd, struct file **wr)
{
	struct pipe *pp = kzalloc(sizeof(*pp));
	struct inode *ip = inode_alloc(S_IFIFO | 0600);

	if (!pp || !ip) {
		kfree(pp);
		inode_put(ip);
		return -ENOMEM;
	}
	ip->pipe = pp;
	ip->fops = &pipe_ops;
	pp->readers = pp->writers = 1;
	*rd = file_alloc(ip, O_RDONLY | (flags & O_NONBLOCK));
	*wr = file_alloc(ip, O_WRONLY | (flags & O_NONBLOCK));
	inode_put(ip);   /* the files hold it */
	if (*rd && *wr)
		return 0;
	/* Out of memory for one end: closing the other frees the pipe. */
	if (*rd || *wr) {
		if (*rd)
			pp->writers = 0;
		else
			pp->readers = 0;
		file_put(*rd ? *rd : *wr);
	} else {
		free_pipe(pp);
	}
	return -ENOMEM;
}

long pipe_nread(struct file *f)
{
	return f->ip->pipe && f->ops == &pipe_ops ? (long)f->ip->pipe->count : -ENOTTY;
}
