/* Pipes: a ring buffer of PIPE_SIZE bytes in separate pages, each taken when a write first
 * reaches it (as Linux's pipe_buffers: no contiguous allocation, and a pipe that carries
 * little holds one page), all given back when both ends are closed; and two ends. A blocked reader or writer sleeps
 * on the pipe and is woken by the other side's progress or close. The ring and the end
 * counts are guarded by the pipe's sleeplock, held across the user copies (as Linux's
 * pipe->mutex): a write of up to PIPE_BUF bytes goes in whole under it, so writers on
 * several harts never interleave. A wait gives the lock back while it sleeps. */
#include "abi/errno.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "fs/pipe.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sleeplock.h"
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
	struct sleeplock lock;
};

/* Sleeps until the other end acts: 0, or -ERESTARTSYS when a signal interrupts
 * (kernel/signal.h: EINTR, or a restart under SA_RESTART). The pipe's lock is given
 * back under proc_lock, so the other end's wakeup cannot come before the sleep; it is
 * held again on return. */
static int pipe_wait(struct pipe *pp)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	long err = signal_interrupts_sleep();

	sleeplock_release_locked(&pp->lock);
	if (!err)
		sleep_locked(pp, 0);
	spin_unlock_irqrestore(&proc_lock, flags);
	sleeplock_acquire(&pp->lock);
	return (int)err;
}

static long pipe_read_locked(struct pipe *pp, struct file *f, uint64_t ubuf, uint64_t n)
{
	uint64_t done = 0;

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

static long pipe_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct pipe *pp = f->ip->pipe;

	(void)off;
	sleeplock_acquire(&pp->lock);
	long r = pipe_read_locked(pp, f, ubuf, n);
	sleeplock_release(&pp->lock);
	return r;
}

static long broken_pipe(void)
{
	proc_kill(current_proc()->pid, SIGPIPE);
	return -EPIPE;
}

/* Writes of up to PIPE_BUF bytes wait for room for all of them, so that they are never
 * interleaved with other writers' (pipe(7)); longer ones go in as room appears. */
static long pipe_write_locked(struct pipe *pp, struct file *f, const struct fs_buf *from,
			      uint64_t n)
{
	uint64_t done = 0;

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
		if (from->copy(from, *page + in, done, len))
			return done ? (long)done : -EFAULT;
		pp->count += len;
		done += len;
		wakeup(pp);
	}
	return (long)done;
}

static long pipe_write_from(struct file *f, const struct fs_buf *from, uint64_t n)
{
	struct pipe *pp = f->ip->pipe;

	sleeplock_acquire(&pp->lock);
	long r = pipe_write_locked(pp, f, from, n);
	sleeplock_release(&pp->lock);
	return r;
}

static long pipe_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct fs_buf from = user_buf_from(ubuf);

	(void)off;
	return pipe_write_from(f, &from, n);
}

static long pipe_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	struct fs_buf from = kernel_buf_from(buf);

	(void)off;
	return pipe_write_from(f, &from, n);
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

	sleeplock_acquire(&pp->lock);
	if (file_readable(f))
		pp->readers--;
	else
		pp->writers--;
	int last = pp->readers == 0 && pp->writers == 0;
	sleeplock_release(&pp->lock);
	wakeup(pp);
	if (last) {
		free_pipe(pp);
		f->ip->pipe = NULL;
	}
}

/* As Linux's pipe_poll: the read end is readable with bytes waiting and hung up with no
 * writer left; the write end writable with room and in error with no reader left. */
static int pipe_poll(struct file *f)
{
	struct pipe *pp = f->ip->pipe;
	int mask = 0;

	if (file_readable(f)) {
		if (pp->count)
			mask |= POLLIN | POLLRDNORM;
		if (!pp->writers)
			mask |= POLLHUP;
	} else {
		if (pp->count < PIPE_SIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (!pp->readers)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_ops pipe_ops = { .read = pipe_read, .write = pipe_write,
					   .release = pipe_release, .poll = pipe_poll,
					   .write_kernel = pipe_write_kernel };

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
	pp->lock = (struct sleeplock)SLEEPLOCK_INIT("pipe");
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
