/* Pipes: a ring buffer in the kernel heap and two ends. A blocked reader or writer sleeps
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
#include "mm/usercopy.h"

struct pipe {
	char *buf;
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
		uint64_t len = PIPE_SIZE - pp->head;   /* up to the end of the ring */
		if (len > pp->count)
			len = pp->count;
		if (len > n - done)
			len = n - done;
		if (copy_to_user(ubuf + done, pp->buf + pp->head, len)) {
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
		uint64_t tail = (pp->head + pp->count) % PIPE_SIZE;
		uint64_t len = PIPE_SIZE - tail;   /* up to the end of the ring */
		if (len > room)
			len = room;
		if (len > n - done)
			len = n - done;
		if (copy_from_user(pp->buf + tail, ubuf + done, len))
			return done ? (long)done : -EFAULT;
		pp->count += len;
		done += len;
		wakeup(pp);
	}
	return (long)done;
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
		kfree(pp->buf);
		kfree(pp);
		f->ip->pipe = NULL;
	}
}

static const struct file_ops pipe_ops = { pipe_read, pipe_write, pipe_release, 0 };

int pipe_create(int flags, struct file **rd, struct file **wr)
{
	struct pipe *pp = kzalloc(sizeof(*pp));
	struct inode *ip = inode_alloc(S_IFIFO | 0600);

	if (!pp || !ip || !(pp->buf = kmalloc(PIPE_SIZE)))
		goto fail;
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
		struct file *made = *rd ? *rd : *wr;
		if (*rd)
			pp->writers = 0;
		else
			pp->readers = 0;
		file_put(made);
	} else {
		kfree(pp->buf);
		kfree(pp);
	}
	return -ENOMEM;
fail:
	if (pp)
		kfree(pp->buf);
	kfree(pp);
	inode_put(ip);
	return -ENOMEM;
}

long pipe_nread(struct file *f)
{
	return f->ip->pipe && f->ops == &pipe_ops ? (long)f->ip->pipe->count : -ENOTTY;
}
