/* Console I/O: file descriptors 0, 1 and 2 are the console (there is no file system). */
#include "drivers/console.h"
#include "abi/errno.h"
#include "abi/uio.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "syscall/syscall.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

#define CHUNK 256

static int is_console(uint64_t fd) { return fd <= 2; }

static long console_write(uint64_t buf, uint64_t count)
{
	char chunk[CHUNK];
	uint64_t done = 0;

	while (done < count) {
		uint64_t n = count - done < CHUNK ? count - done : CHUNK;
		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		for (uint64_t i = 0; i < n; i++)
			console_putc(chunk[i]);
		done += n;
	}
	return (long)done;
}

long sys_write(uint64_t fd, uint64_t buf, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	if (!is_console(fd))
		return -EBADF;
	return console_write(buf, count);
}

long sys_writev(uint64_t fd, uint64_t iov, uint64_t iovcnt, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	long total = 0;

	if (!is_console(fd))
		return -EBADF;
	if (iovcnt > IOV_MAX)
		return -EINVAL;
	for (uint64_t i = 0; i < iovcnt; i++) {
		struct iovec vec;
		if (copy_from_user(&vec, iov + i * sizeof(vec), sizeof(vec)))
			return total ? total : -EFAULT;
		long n = console_write((uint64_t)vec.iov_base, vec.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

/* Blocks until at least one byte arrives (polled each tick: the UART interrupt is not
 * used), then returns what is waiting, up to count. */
long sys_read(uint64_t fd, uint64_t buf, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	char chunk[CHUNK];
	uint64_t n = 0;

	if (!is_console(fd))
		return -EBADF;
	if (count == 0)
		return 0;
	if (!user_range_ok(buf, count))
		return -EFAULT;
	for (;;) {
		int c;
		while (n < count && n < CHUNK && (c = console_getc()) >= 0)
			chunk[n++] = (char)c;
		if (n)
			break;
		if (current_proc()->killed)
			return -EINTR;
		sleep_on(&n, timer_deadline_after_ns(1000000000UL / TICK_HZ));
	}
	return copy_to_user(buf, chunk, n) ? -EFAULT : (long)n;
}
