/* read(2), write(2) and poll readiness of a terminal. Reads follow n_tty_read: in
 * canonical mode up to the end of one line (an end-of-file character ends a line without
 * being read, so alone it reads as 0 bytes); otherwise VMIN and VTIME decide
 * (termios(3), "Canonical and noncanonical mode"). */
#include "abi/errno.h"
#include "abi/poll.h"
#include "abi/signal.h"
#include "fs/file.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"
#include "trap/timer.h"
#include "tty/tty.h"

#define CHUNK 256
#define NS_PER_DECISECOND 100000000UL

/* Sleeps until ready(t) or the rdtime deadline (0: none); -ERESTARTSYS when a signal
 * interrupts (kernel/signal.h), else 0 (the caller looks again). */
static int tty_wait(struct tty *t, int (*ready)(struct tty *t), uint64_t deadline)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	long r = signal_interrupts_sleep();

	if (!r) {
		unsigned long tf = spin_lock_irqsave(&t->lock);
		int now = ready(t);
		spin_unlock_irqrestore(&t->lock, tf);
		if (!now)
			sleep_locked(t, deadline);
		r = signal_interrupts_sleep();
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return (int)r;
}

/* Waits for output to make progress. The transmit interrupt wakes these waiters, but
 * the ring also empties without it: printk sends what is queued before its own bytes,
 * from any hart and under any lock (so it cannot call wakeup, which takes proc_lock), and
 * a flush discards it. So the wait also ends at the next tick and the caller looks again. */
static int tty_wait_output(struct tty *t, int (*ready)(struct tty *t))
{
	return tty_wait(t, ready, timer_deadline_after_ns(1000000000UL / TICK_HZ));
}

static int input_ready(struct tty *t) { return tty_readable(t) != 0; }
/* Room for a byte after output processing (a newline may take two). */
static int writable(struct tty *t) { return t->driver->room() >= 2; }
static int drained(struct tty *t) { return t->driver->queued() == 0; }

int tty_wait_until_sent(struct tty *t)
{
	int err;

	while (!drained(t))
		if ((err = tty_wait_output(t, drained)))
			return err;
	return 0;
}

/* Takes up to n bytes into chunk, stopping after a line's end in canonical mode.
 * *line_done is set when a line end or end-of-file mark was taken. t->lock held. */
static uint32_t take(struct tty *t, char *chunk, uint32_t n, int *line_done)
{
	uint32_t got = 0;

	*line_done = 0;
	while (got < n && tty_readable(t)) {
		uint32_t i = t->rpos++ % TTY_BUF;
		if (t->delim[i] == DELIM_EOF) {
			*line_done = 1;
			break;
		}
		chunk[got++] = t->buf[i];
		if (t->delim[i] && (t->termios.c_lflag & ICANON)) {
			*line_done = 1;
			break;
		}
	}
	return got;
}

/* How long a noncanonical read may still wait: 0 to return now, UINT64_MAX for no
 * limit, else an rdtime deadline. VTIME counts from the call when VMIN is 0, from the
 * latest byte otherwise (and only once one came). */
static uint64_t raw_wait_until(uint32_t vmin, uint32_t vtime, uint64_t n, uint64_t got,
			       uint32_t took, uint64_t *deadline)
{
	if (vmin == 0 && (vtime == 0 || got))
		return 0;
	if (vmin && got >= (vmin < n ? vmin : n))
		return 0;
	if (vtime == 0 || (vmin && !got))
		return UINT64_MAX;
	if (!*deadline || (vmin && took))
		*deadline = timer_deadline_after_ns(vtime * NS_PER_DECISECOND);
	return timer_read() >= *deadline ? 0 : *deadline;
}

static long tty_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct tty *t = tty_of(f);
	char chunk[CHUNK];
	uint64_t got = 0, deadline = 0;
	int err;

	(void)off;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	if ((err = tty_job_check(t, SIGTTIN)))
		return err;
	if (n == 0)
		return 0;   /* n_tty_read's loop never starts */
	if (n > CHUNK)
		n = CHUNK;
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&t->lock);
		int canonical = (t->termios.c_lflag & ICANON) != 0, line_done;
		uint32_t vmin = t->termios.c_cc[VMIN], vtime = t->termios.c_cc[VTIME];
		uint32_t took = take(t, chunk + got, (uint32_t)(n - got), &line_done);
		spin_unlock_irqrestore(&t->lock, flags);
		got += took;
		uint64_t until = canonical ? (got || line_done ? 0 : UINT64_MAX) :
				 raw_wait_until(vmin, vtime, n, got, took, &deadline);
		if (!until)
			break;
		if (f->flags & O_NONBLOCK) {
			if (got)
				break;
			return -EAGAIN;
		}
		if ((err = tty_wait(t, input_ready, until == UINT64_MAX ? 0 : until))) {
			if (got)
				break;
			return err;
		}
	}
	return copy_to_user(ubuf, chunk, got) ? -EFAULT : (long)got;
}

/* How many bytes c becomes after output processing. */
static uint32_t output_len(const struct tty *t, char c)
{
	return c == '\n' && (t->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR) ? 2 : 1;
}

/* Queues as many of the n bytes as the device takes without waiting; how many. */
static uint64_t queue_output(struct tty *t, const char *s, uint64_t n)
{
	uint32_t room = t->driver->room();
	uint64_t i;

	for (i = 0; i < n && output_len(t, s[i]) <= room; i++) {
		room -= output_len(t, s[i]);
		tty_output(t, s[i]);
	}
	return i;
}

/* Copies into the device's transmit queue and returns; waits only while the queue is
 * full (O_NONBLOCK: a short count, or EAGAIN when nothing fit), as Linux's n_tty_write. */
static long tty_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct tty *t = tty_of(f);
	char chunk[CHUNK];
	uint64_t done = 0;
	int err;

	(void)off;
	if ((t->termios.c_lflag & TOSTOP) && (err = tty_job_check(t, SIGTTOU)))
		return err;
	while (done < n) {
		uint64_t len = n - done < CHUNK ? n - done : CHUNK;
		if (copy_from_user(chunk, ubuf + done, len))
			return done ? (long)done : -EFAULT;
		for (uint64_t took = 0; took < len;) {
			uint64_t q = queue_output(t, chunk + took, len - took);
			took += q;
			if (q || took == len)
				continue;
			if (f->flags & O_NONBLOCK)
				return done + took ? (long)(done + took) : -EAGAIN;
			if ((err = tty_wait_output(t, writable)))
				return done + took ? (long)(done + took) : err;
		}
		done += len;
	}
	return (long)done;
}

/* sendfile(2) to the terminal: the bytes go through output processing as write's do. */
static long tty_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	struct tty *t = tty_of(f);

	(void)off;
	for (uint64_t i = 0; i < n; i++)
		tty_output(t, ((const char *)buf)[i]);
	return (long)n;
}

static int tty_poll(struct file *f)
{
	struct tty *t = tty_of(f);
	unsigned long flags = spin_lock_irqsave(&t->lock);
	int ready = (tty_readable(t) ? POLLIN | POLLRDNORM : 0) |
		    (writable(t) ? POLLOUT | POLLWRNORM : 0);

	spin_unlock_irqrestore(&t->lock, flags);
	return ready;
}

static long tty_file_ioctl(struct file *f, uint64_t request, uint64_t arg)
{
	return tty_ioctl(f, request, arg);
}

const struct file_ops tty_ops = {
	.read = tty_read, .write = tty_write, .seekable = 0, .open = tty_open,
	.ioctl = tty_file_ioctl, .poll = tty_poll, .write_kernel = tty_write_kernel,
};
