/* AF_UNIX socket pairs (Linux net/unix/af_unix.c is the reference for each behaviour).
 *
 * A pair has two ends; end i reads queue i and writes the other end's. A queue is a ring
 * of UNIX_QUEUE bytes in pages taken as first written (as pipes'). Streams keep bytes;
 * SOCK_SEQPACKET and SOCK_DGRAM keep records, each an 8-byte length then the bytes, and
 * a record is sent whole or waits for room (EMSGSIZE if it can never fit), and read
 * whole (the rest of it dropped when the reader's buffer is shorter: MSG_TRUNC).
 *
 * Shutdown follows unix_shutdown and unix_release_sock: each end has RCV and SEND
 * shutdown bits; for streams and seqpacket a shutdown also sets the peer's opposite bit,
 * and closing an end shuts its peer down completely (end of file for reads, EPIPE for
 * writes; ECONNRESET once if the closed end left bytes unread). A stream write after
 * that raises SIGPIPE unless MSG_NOSIGNAL (seqpacket and datagram writes only fail, as
 * unix_dgram_sendmsg). A datagram end whose peer closed: ECONNREFUSED once, then
 * ENOTCONN; its reads wait, as a datagram socket has no end of file.
 *
 * The pair's sleeplock guards both queues and the ends' state across the user copies,
 * as a pipe's does; blocked readers and writers give it back while they sleep on the
 * pair. poll reads the state without it (single words, as pipes' poll). */
#include <string.h>
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "abi/socket.h"
#include "abi/uio.h"
#include "fs/file.h"
#include "fs/unix_socket.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sleeplock.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/usercopy.h"

#define QUEUE_PAGES ((int)(UNIX_QUEUE / PAGE_SIZE))
#define RECORD_HEADER 8
#define RCV_SHUTDOWN  1
#define SEND_SHUTDOWN 2

struct unix_queue {
	char *pages[QUEUE_PAGES];
	uint64_t head, count;
};

struct unix_pair;

struct unix_end {
	struct unix_pair *pair;
	int side;
};

struct unix_pair {
	struct sleeplock lock;
	int type;
	struct unix_end end[2];
	struct unix_queue queue[2];   /* queue[i]: what end i reads */
	int open[2];
	int shutdown[2];              /* RCV_SHUTDOWN | SEND_SHUTDOWN per end */
	int error[2];                 /* a pending ECONNRESET */
	int disconnected[2];          /* a datagram end told ECONNREFUSED already */
};

/* Copies n bytes between a queue piece and io at byte offset off of io. */
static int io_copy(const struct unix_io *io, char *piece, uint64_t off, uint64_t n, int in)
{
	if (io->ksrc) {
		memcpy(piece, io->ksrc + off, n);
		return 0;
	}
	for (int i = 0; i < io->niov && n; i++) {
		uint64_t len = io->iov[i].iov_len;
		if (off >= len) {
			off -= len;
			continue;
		}
		uint64_t take = len - off < n ? len - off : n;
		uint64_t user = (uint64_t)io->iov[i].iov_base + off;
		if (in ? copy_from_user(piece, user, take) : copy_to_user(user, piece, take))
			return -EFAULT;
		piece += take;
		n -= take;
		off = 0;
	}
	return 0;
}

/* The ring's bytes [pos, pos + n) from ring offset pos, piece by piece (a page at most):
 * copied in from (or out to) io at offset off, or into (out of) kbuf when io is NULL.
 * Pages are taken as a write first reaches them. */
static int ring_copy(struct unix_queue *q, uint64_t pos, uint64_t n, const struct unix_io *io,
		     uint64_t off, char *kbuf, int in)
{
	while (n) {
		uint64_t at = pos % UNIX_QUEUE, in_page = at % PAGE_SIZE;
		uint64_t len = PAGE_SIZE - in_page < n ? PAGE_SIZE - in_page : n;
		char **page = &q->pages[at / PAGE_SIZE];
		if (!*page) {
			uint64_t pa = page_alloc();
			if (!pa)
				return -ENOMEM;
			*page = phys_to_virt(pa);
		}
		char *piece = *page + in_page;
		if (io) {
			int err = io_copy(io, piece, off, len, in);
			if (err)
				return err;
		} else if (in) {
			memcpy(piece, kbuf, len);
		} else {
			memcpy(kbuf, piece, len);
		}
		if (kbuf)
			kbuf += len;
		pos += len;
		off += len;
		n -= len;
	}
	return 0;
}

static uint64_t record_len(struct unix_queue *q)
{
	uint64_t len = 0;

	ring_copy(q, q->head, RECORD_HEADER, NULL, 0, (char *)&len, 0);
	return len;
}

static struct unix_end *end_of(const struct file *f) { return f->ip->sock; }

/* Sleeps until the pair changes, without its lock meanwhile (given back under proc_lock,
 * so a change and its wakeup cannot slip in between); the lock is held again on return. */
static int pair_wait(struct unix_pair *pp)
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

/* Why a send cannot go now, or 0: a pending ECONNRESET (seqpacket only: its send checks
 * sock_error, a stream's does not), -EPIPE (with SIGPIPE for a stream unless
 * MSG_NOSIGNAL), or a datagram peer's ECONNREFUSED then ENOTCONN. */
static long send_refused(struct unix_pair *pp, int me, int flags)
{
	int peer = !me;

	if (pp->error[me] && pp->type == SOCK_SEQPACKET) {
		long err = -pp->error[me];
		pp->error[me] = 0;
		return err;
	}
	if (pp->type == SOCK_DGRAM && !pp->open[peer]) {
		if (pp->disconnected[me])
			return -ENOTCONN;
		pp->disconnected[me] = 1;
		return -ECONNREFUSED;
	}
	if (!(pp->shutdown[me] & SEND_SHUTDOWN) && !(pp->shutdown[peer] & RCV_SHUTDOWN))
		return 0;
	if (pp->type == SOCK_STREAM && !(flags & MSG_NOSIGNAL))
		proc_kill(current_proc()->pid, SIGPIPE);
	return -EPIPE;
}

static long send_locked(struct file *f, const struct unix_io *io, uint64_t len, int flags)
{
	struct unix_end *e = end_of(f);
	struct unix_pair *pp = e->pair;
	struct unix_queue *q = &pp->queue[!e->side];
	int stream = pp->type == SOCK_STREAM;
	int nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
	uint64_t done = 0, need = stream ? 1 : len + RECORD_HEADER;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (!stream && need > UNIX_QUEUE)
		return -EMSGSIZE;
	for (;;) {
		long err = send_refused(pp, e->side, flags);
		if (err)
			return done ? (long)done : err;
		uint64_t room = UNIX_QUEUE - q->count;
		if (room >= need) {
			uint64_t n = stream ? (room < len - done ? room : len - done) : len;
			uint64_t tail = q->head + q->count;
			if (!stream)
				err = ring_copy(q, tail, RECORD_HEADER, NULL, 0, (char *)&len, 1);
			if (!err)
				err = ring_copy(q, tail + (stream ? 0 : RECORD_HEADER), n, io, done,
						NULL, 1);
			if (err)
				return done ? (long)done : err;
			q->count += n + (stream ? 0 : RECORD_HEADER);
			done += n;
			wakeup(pp);
			if (done == len)
				return (long)done;
			continue;
		}
		if (nonblock)
			return done ? (long)done : -EAGAIN;
		if ((err = pair_wait(pp)))
			return done ? (long)done : err;
	}
}

/* Waits for something to read: 1 when there is, 0 at end of file, or -errno. */
static long wait_readable(struct file *f, struct unix_pair *pp, int me, int flags)
{
	int nonblock = (f->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);

	while (!pp->queue[me].count) {
		if (pp->error[me]) {
			long err = -pp->error[me];
			pp->error[me] = 0;
			return err;
		}
		if (pp->shutdown[me] & RCV_SHUTDOWN)
			return 0;
		if (nonblock)
			return -EAGAIN;
		int err = pair_wait(pp);
		if (err)
			return err;
	}
	return 1;
}

static long recv_locked(struct file *f, const struct unix_io *io, uint64_t len, int flags,
			int *truncated)
{
	struct unix_end *e = end_of(f);
	struct unix_pair *pp = e->pair;
	struct unix_queue *q = &pp->queue[e->side];
	uint64_t done = 0;

	*truncated = 0;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	do {
		long ready = wait_readable(f, pp, e->side, done ? flags & ~MSG_DONTWAIT : flags);
		if (ready <= 0)
			return done ? (long)done : ready;
		if (pp->type != SOCK_STREAM) {
			uint64_t rec = record_len(q), n = rec < len ? rec : len;
			int err = ring_copy(q, q->head + RECORD_HEADER, n, io, 0, NULL, 0);
			if (err)
				return err;
			if (!(flags & MSG_PEEK)) {
				q->head = (q->head + RECORD_HEADER + rec) % UNIX_QUEUE;
				q->count -= RECORD_HEADER + rec;
				wakeup(pp);
			}
			*truncated = rec > len;
			return (long)((flags & MSG_TRUNC) ? rec : n);
		}
		uint64_t n = q->count < len - done ? q->count : len - done;
		int err = ring_copy(q, q->head, n, io, done, NULL, 0);
		if (err)
			return done ? (long)done : err;
		if (flags & MSG_PEEK)
			return (long)n;
		q->head = (q->head + n) % UNIX_QUEUE;
		q->count -= n;
		done += n;
		wakeup(pp);
	} while ((flags & MSG_WAITALL) && done < len);
	return (long)done;
}

long unix_send(struct file *f, const struct unix_io *io, uint64_t len, int flags)
{
	struct unix_pair *pp = end_of(f)->pair;

	sleeplock_acquire(&pp->lock);
	long r = send_locked(f, io, len, flags);
	sleeplock_release(&pp->lock);
	return r;
}

long unix_recv(struct file *f, const struct unix_io *io, uint64_t len, int flags, int *truncated)
{
	struct unix_pair *pp = end_of(f)->pair;

	sleeplock_acquire(&pp->lock);
	long r = recv_locked(f, io, len, flags, truncated);
	sleeplock_release(&pp->lock);
	return r;
}

long unix_shutdown(struct file *f, int how)
{
	struct unix_end *e = end_of(f);
	struct unix_pair *pp = e->pair;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	int mode = how + 1;   /* SHUT_RD 1 = RCV, SHUT_WR 2 = SEND, SHUT_RDWR 3 = both */
	sleeplock_acquire(&pp->lock);
	pp->shutdown[e->side] |= mode;
	if (pp->type != SOCK_DGRAM && pp->open[!e->side])
		pp->shutdown[!e->side] |= ((mode & RCV_SHUTDOWN) ? SEND_SHUTDOWN : 0) |
					  ((mode & SEND_SHUTDOWN) ? RCV_SHUTDOWN : 0);
	wakeup(pp);
	sleeplock_release(&pp->lock);
	return 0;
}

int unix_type(const struct file *f) { return end_of(f)->pair->type; }

static long sock_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct iovec iov = { (void *)ubuf, n };
	struct unix_io io = { &iov, 1, NULL };
	int truncated;

	(void)off;
	return unix_recv(f, &io, n, 0, &truncated);
}

static long sock_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct iovec iov = { (void *)ubuf, n };
	struct unix_io io = { &iov, 1, NULL };

	(void)off;
	return unix_send(f, &io, n, 0);
}

static long sock_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	struct unix_io io = { NULL, 0, buf };

	(void)off;
	return unix_send(f, &io, n, 0);
}

/* unix_poll and unix_dgram_poll: readable with bytes queued or once reads are shut
 * down (POLLRDHUP too), hung up when both directions are, in error with a pending
 * ECONNRESET, writable while the peer's queue has room or a write would fail at once. */
static int sock_poll(struct file *f)
{
	struct unix_end *e = end_of(f);
	struct unix_pair *pp = e->pair;
	int me = e->side, mask = 0;
	uint64_t room = UNIX_QUEUE - pp->queue[!me].count;

	if (pp->error[me])
		mask |= POLLERR;
	if (pp->shutdown[me] == (RCV_SHUTDOWN | SEND_SHUTDOWN))
		mask |= POLLHUP;
	if (pp->shutdown[me] & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (pp->queue[me].count)
		mask |= POLLIN | POLLRDNORM;
	if (room > (pp->type == SOCK_STREAM ? 0 : RECORD_HEADER) || (pp->shutdown[me] & SEND_SHUTDOWN) ||
	    !pp->open[!me])
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

/* FIONREAD (SIOCINQ): the bytes queued of a stream, the next record's of the others. */
static long sock_ioctl(struct file *f, uint64_t request, uint64_t arg)
{
	struct unix_end *e = end_of(f);
	struct unix_queue *q = &e->pair->queue[e->side];

	if (request != FIONREAD)
		return -ENOTTY;
	sleeplock_acquire(&e->pair->lock);
	int n = (int)(e->pair->type == SOCK_STREAM ? q->count : q->count ? record_len(q) : 0);
	sleeplock_release(&e->pair->lock);
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void free_pair(struct unix_pair *pp)
{
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < QUEUE_PAGES; j++)
			if (pp->queue[i].pages[j])
				page_free(virt_to_phys(pp->queue[i].pages[j]));
	kfree(pp);
}

static void sock_release(struct file *f)
{
	struct unix_end *e = end_of(f);
	struct unix_pair *pp = e->pair;
	int me = e->side;

	sleeplock_acquire(&pp->lock);
	pp->open[me] = 0;
	if (pp->type != SOCK_DGRAM && pp->open[!me]) {
		pp->shutdown[!me] = RCV_SHUTDOWN | SEND_SHUTDOWN;
		if (pp->queue[me].count)
			pp->error[!me] = ECONNRESET;
	}
	f->ip->sock = NULL;
	wakeup(pp);
	int last = !pp->open[!me];   /* then no one else can reach the pair */
	sleeplock_release(&pp->lock);
	if (last)
		free_pair(pp);
}

static const struct file_ops sock_ops = {
	.read = sock_read, .write = sock_write, .release = sock_release, .poll = sock_poll,
	.write_kernel = sock_write_kernel, .ioctl = sock_ioctl,
};

int unix_is_socket(const struct file *f) { return f->ops == &sock_ops; }

/* One end: an inode of its own (fstat and /proc/PID/fd show a socket with its number). */
static struct file *open_end(struct unix_pair *pp, int side, int flags)
{
	struct inode *ip = inode_alloc(S_IFSOCK | 0777);

	if (!ip)
		return NULL;
	ip->sock = &pp->end[side];
	ip->fops = &sock_ops;
	struct file *f = file_alloc(ip, O_RDWR | (flags & O_NONBLOCK));
	inode_put(ip);   /* the file holds it */
	return f;
}

int unix_pair_create(int type, int flags, struct file **a, struct file **b)
{
	struct unix_pair *pp = kzalloc(sizeof(*pp));

	if (!pp)
		return -ENOMEM;
	pp->lock = (struct sleeplock)SLEEPLOCK_INIT("unix pair");
	pp->type = type;
	for (int i = 0; i < 2; i++)
		pp->end[i] = (struct unix_end){ pp, i };
	pp->open[0] = pp->open[1] = 1;
	*a = open_end(pp, 0, flags);
	*b = *a ? open_end(pp, 1, flags) : NULL;
	if (*a && *b)
		return 0;
	if (*a) {
		pp->open[1] = 0;
		file_put(*a);   /* frees the pair */
	} else {
		kfree(pp);
	}
	return -ENOMEM;
}
