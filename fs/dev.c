/* The character devices of /dev (mem(4)'s null and zero, full(4), random(4), console(4)), with the
 * device numbers Linux gives them (Documentation/admin-guide/devices.txt). */
#include "abi/errno.h"
#include "abi/poll.h"
#include "drivers/console.h"
#include "fs/dev.h"
#include "fs/file.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

#define CHUNK 256

static long read_nothing(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return 0;
}

static long write_anything(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)off;
	return (long)n;
}

static long read_zeros(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	static const char zeros[CHUNK];
	uint64_t done = 0;

	(void)f, (void)off;
	while (done < n) {
		uint64_t len = n - done < CHUNK ? n - done : CHUNK;
		if (copy_to_user(ubuf + done, zeros, len))
			return done ? (long)done : -EFAULT;
		done += len;
	}
	return (long)done;
}

/* random(4): both devices read from the one generator, which never blocks (random.h says
 * what it is worth); writes are accepted and ignored. */
static long read_random(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	char chunk[CHUNK];
	uint64_t done = 0;

	(void)f, (void)off;
	while (done < n) {
		uint64_t len = n - done < CHUNK ? n - done : CHUNK;
		random_bytes(chunk, len);
		if (copy_to_user(ubuf + done, chunk, len))
			return done ? (long)done : -EFAULT;
		done += len;
	}
	return (long)done;
}

static long write_no_space(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return -ENOSPC;
}

static long console_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	char chunk[CHUNK];
	uint64_t done = 0;

	(void)f, (void)off;
	while (done < n) {
		uint64_t len = n - done < CHUNK ? n - done : CHUNK;
		if (copy_from_user(chunk, ubuf + done, len))
			return done ? (long)done : -EFAULT;
		for (uint64_t i = 0; i < len; i++)
			console_putc(chunk[i]);
		done += len;
	}
	return (long)done;
}

static long write_anything_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	(void)f, (void)buf, (void)off;
	return (long)n;
}

static long write_no_space_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	(void)f, (void)buf, (void)n, (void)off;
	return -ENOSPC;
}

static long console_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	(void)f, (void)off;
	for (uint64_t i = 0; i < n; i++)
		console_putc(((const char *)buf)[i]);
	return (long)n;
}

/* A byte console_poll took from the UART to see whether input waits, -1 if none: the
 * next read returns it first. */
static int console_pending = -1;

/* Blocks until at least one byte arrives (polled each tick: the UART interrupt is not
 * used), then returns what is waiting, up to n. */
static long console_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	char chunk[CHUNK];
	uint64_t got = 0;

	(void)off;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	for (;;) {
		int c;
		if (console_pending >= 0) {
			chunk[got++] = (char)console_pending;
			console_pending = -1;
		}
		while (got < n && got < CHUNK && (c = console_getc()) >= 0)
			chunk[got++] = (char)c;
		if (got)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		long err = signal_interrupts_sleep();
		if (err)
			return err;
		sleep_on(&got, timer_deadline_after_ns(1000000000UL / TICK_HZ));
	}
	return copy_to_user(ubuf, chunk, got) ? -EFAULT : (long)got;
}

/* Always writable; readable when the UART has a byte, which is kept for the next read
 * (the UART is polled, as console_read does). */
static int console_poll(struct file *f)
{
	(void)f;
	if (console_pending < 0)
		console_pending = console_getc();
	return POLLOUT | POLLWRNORM | (console_pending >= 0 ? POLLIN | POLLRDNORM : 0);
}

/* null, zero and full ignore the offset and every lseek succeeds (drivers/char/mem.c);
 * the console is a terminal, where lseek says ESPIPE. */
static const struct file_ops null_ops = { read_nothing, write_anything, NULL, 1, NULL,
					   write_anything_kernel };
static const struct file_ops zero_ops = { read_zeros, write_anything, NULL, 1, NULL,
					   write_anything_kernel };
static const struct file_ops full_ops = { read_zeros, write_no_space, NULL, 1, NULL,
					   write_no_space_kernel };
static const struct file_ops random_ops = { read_random, write_anything, NULL, 1, NULL,
					     write_anything_kernel };
static const struct file_ops console_ops = { console_read, console_write, NULL, 0, console_poll,
					      console_write_kernel };

static const struct {
	const char *name;
	uint32_t mode;
	uint32_t rdev;
	const struct file_ops *ops;
} devices[] = {
	{ "null", 0666, DEV_NUMBER(1, 3), &null_ops },
	{ "zero", 0666, DEV_NUMBER(1, 5), &zero_ops },
	{ "full", 0666, DEV_NUMBER(1, 7), &full_ops },
	{ "random", 0666, DEV_NUMBER(1, 8), &random_ops },
	{ "urandom", 0666, DEV_NUMBER(1, 9), &random_ops },
	{ "console", 0620, DEV_NUMBER(5, 1), &console_ops },
};

int dev_init(void)
{
	struct inode *root = fs_root(), *dir;
	int err = fs_mkdir(root, "dev", 0755);

	if (err && err != -EEXIST)
		return err;
	if ((err = fs_lookup(root, root, "/dev", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir)))
		return err;
	for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]) && !err; i++) {
		struct inode *ip;
		fs_unlink(dir, devices[i].name);   /* one the initrd brought is replaced */
		err = fs_create(dir, devices[i].name, 0, &ip);
		if (err)
			break;
		ip->mode = S_IFCHR | devices[i].mode;
		ip->rdev = devices[i].rdev;
		ip->fops = devices[i].ops;
		inode_put(ip);
	}
	inode_put(dir);
	return err;
}
