/* Waiting for descriptors: ppoll(2) and pselect6(2) (fs/select.c). Readiness comes from
 * each file's poll operation (file_poll). Nothing wakes a poller when a file becomes
 * ready: it sleeps a tick at a time and looks again, as the console read does, so a wait
 * ends at most one tick (10 ms) late. The signal mask argument is checked and otherwise
 * ignored: there are no signal handlers yet whose mask it could swap. */
#include <string.h>
#include "abi/errno.h"
#include "abi/poll.h"
#include "abi/time.h"
#include "fs/file.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/user_time.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"
#include "trap/timer.h"

#define SIGSET_SIZE 8   /* the kernel's sigset_t: 64 signals */

/* A timeout from user memory: *ns, or no timeout (uts 0: wait forever, *has = 0).
 * EINVAL for a negative or unnormalized one (poll_select_set_timeout). */
static int get_timeout(uint64_t uts, uint64_t *ns, int *has)
{
	*has = uts != 0;
	return uts ? (int)timespec_ns_from_user(uts, ns) : 0;
}

/* Linux writes the time left back (poll_select_finish); a read-only timespec is not an
 * error once the wait is over. */
static void put_time_left(uint64_t uts, uint64_t deadline)
{
	uint64_t now = timer_read();
	uint64_t ns = deadline > now ? timer_to_ns(deadline - now) : 0;
	struct timespec ts = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	(void)copy_to_user(uts, &ts, sizeof(ts));
}

/* Scans until scan finds something (its count, or -errno), the timeout passes (0) or a
 * signal is to be delivered: -ERESTARTNOHAND, EINTR once a handler runs (Linux
 * do_sys_poll; glibc's pause() is a ppoll without descriptors, so this is what ends it). */
static long wait_ready(long (*scan)(void *arg), void *arg, int has_timeout, uint64_t deadline)
{
	for (;;) {
		long n = scan(arg);
		if (n)
			return n;
		if (has_timeout && timer_read() >= deadline)
			return 0;
		if (signal_interrupts_sleep())
			return -ERESTARTNOHAND;
		uint64_t tick = timer_deadline_after_ns(NSEC_PER_SEC / TICK_HZ);
		sleep_on(&deadline, has_timeout && deadline < tick ? deadline : tick);
	}
}

/* The sigmask of ppoll: checked for its size only. */
static int check_sigmask(uint64_t usigmask, uint64_t size)
{
	return usigmask && size != SIGSET_SIZE ? -EINVAL : 0;
}

struct poll_set {
	struct pollfd *fds;
	uint64_t n;
};

/* Negative descriptors are skipped; one not open (or O_PATH) is POLLNVAL. Errors and
 * hang-ups are reported whether asked for or not. */
static long poll_scan(void *arg)
{
	struct poll_set *ps = arg;
	long ready = 0;

	for (uint64_t i = 0; i < ps->n; i++) {
		struct pollfd *p = &ps->fds[i];
		struct file *f = p->fd < 0 ? NULL : fget(p->fd);
		p->revents = 0;
		if (p->fd < 0)
			continue;
		if (!f || (f->flags & O_PATH))
			p->revents = POLLNVAL;
		else
			p->revents = (short)(file_poll(f) & (p->events | POLLERR | POLLHUP));
		if (f)
			file_put(f);
		ready += p->revents != 0;
	}
	return ready;
}

long sys_ppoll(uint64_t ufds, uint64_t nfds, uint64_t uts, uint64_t usigmask,
	       uint64_t sigsetsize, uint64_t a5)
{
	(void)a5;
	struct poll_set ps = { NULL, nfds };
	uint64_t ns = 0;
	int has_timeout;

	if (nfds > NOFILE)
		return -EINVAL;   /* more than RLIMIT_NOFILE */
	int err = get_timeout(uts, &ns, &has_timeout);
	if (!err)
		err = check_sigmask(usigmask, sigsetsize);
	if (err)
		return err;
	if (nfds && !(ps.fds = kmalloc(nfds * sizeof(struct pollfd))))
		return -ENOMEM;
	long r = copy_from_user(ps.fds, ufds, nfds * sizeof(struct pollfd)) ? -EFAULT : 0;
	uint64_t deadline = has_timeout ? timer_deadline_after_ns(ns) : 0;
	if (!r)
		r = wait_ready(poll_scan, &ps, has_timeout, deadline);
	if (r >= 0 && copy_to_user(ufds, ps.fds, nfds * sizeof(struct pollfd)))
		r = -EFAULT;
	kfree(ps.fds);
	if (has_timeout && r != -EFAULT)
		put_time_left(uts, deadline);
	return r;
}

#define SET_WORDS(n) (((n) + 63) / 64)
/* What counts as ready for each set (POLLIN_SET, POLLOUT_SET, POLLEX_SET in
 * fs/select.c). */
static const int select_masks[3] = {
	POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR,
	POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR,
	POLLPRI,
};

struct select_set {
	int n;
	uint64_t in[3][NOFILE / 64];    /* what was asked, per set */
	uint64_t out[3][NOFILE / 64];   /* what is ready */
};

/* A descriptor in any set that is not open is EBADF. */
static long select_scan(void *arg)
{
	struct select_set *ss = arg;
	long ready = 0;

	memset(ss->out, 0, sizeof(ss->out));
	for (int fd = 0; fd < ss->n; fd++) {
		uint64_t bit = 1UL << (fd % 64);
		int w = fd / 64;
		if (!((ss->in[0][w] | ss->in[1][w] | ss->in[2][w]) & bit))
			continue;
		struct file *f = fget(fd);
		if (!f)
			return -EBADF;
		int mask = f->flags & O_PATH ? -EBADF : file_poll(f);
		file_put(f);
		if (mask < 0)
			return mask;
		for (int s = 0; s < 3; s++) {
			if ((ss->in[s][w] & bit) && (mask & select_masks[s])) {
				ss->out[s][w] |= bit;
				ready++;
			}
		}
	}
	return ready;
}

/* The sixth argument points at { const sigset_t *ss; size_t ss_len; } (fs/select.c). */
static int check_select_sigmask(uint64_t usig)
{
	uint64_t sig[2];

	if (!usig)
		return 0;
	if (copy_from_user(sig, usig, sizeof(sig)))
		return -EFAULT;
	return check_sigmask(sig[0], sig[1]);
}

/* Descriptors at or past the table's end cannot be open: n is cut there, as Linux cuts
 * it at the table's size (core_sys_select). */
long sys_pselect6(uint64_t n, uint64_t ureadfds, uint64_t uwritefds, uint64_t uexceptfds,
		  uint64_t uts, uint64_t usig)
{
	uint64_t usets[3] = { ureadfds, uwritefds, uexceptfds };
	uint64_t ns = 0;
	int has_timeout;

	if ((int)n < 0)
		return -EINVAL;
	int err = get_timeout(uts, &ns, &has_timeout);
	if (!err)
		err = check_select_sigmask(usig);
	if (err)
		return err;
	struct select_set *ss = kzalloc(sizeof(*ss));
	if (!ss)
		return -ENOMEM;
	ss->n = (int)n > NOFILE ? NOFILE : (int)n;
	size_t bytes = SET_WORDS((size_t)ss->n) * 8;
	long r = 0;
	for (int s = 0; s < 3 && !r; s++)
		if (usets[s] && copy_from_user(ss->in[s], usets[s], bytes))
			r = -EFAULT;
	uint64_t deadline = has_timeout ? timer_deadline_after_ns(ns) : 0;
	if (!r)
		r = wait_ready(select_scan, ss, has_timeout, deadline);
	for (int s = 0; s < 3 && r >= 0; s++)
		if (usets[s] && copy_to_user(usets[s], ss->out[s], bytes))
			r = -EFAULT;
	kfree(ss);
	if (has_timeout && r != -EFAULT)
		put_time_left(uts, deadline);
	return r;
}
