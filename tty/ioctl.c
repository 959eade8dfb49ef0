/* ioctl(2) on a terminal (ioctl_tty(2); Linux drivers/tty/tty_ioctl.c and tty_io.c):
 * termios, window size, flushing, draining, flow control, FIONREAD, TIOCOUTQ and the
 * controlling-terminal
 * requests. Unknown requests are ENOTTY, as Linux answers them. */
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/signal.h"
#include "fs/file.h"
#include "kernel/sched.h"
#include "mm/usercopy.h"
#include "tty/tty.h"

static long get_termios(struct tty *t, uint64_t arg)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	struct termios tio = t->termios;

	spin_unlock_irqrestore(&t->lock, flags);
	return copy_to_user(arg, &tio, sizeof(tio)) ? -EFAULT : 0;
}

/* TCSETSW and TCSETSF wait for the queued output to be sent first (-ERESTARTSYS when a
 * signal interrupts, as Linux's set_termios); TCSETSF also drops the input. */
static long set_termios(struct tty *t, uint64_t arg, int wait, int flush)
{
	struct termios tio;
	int err;

	if (copy_from_user(&tio, arg, sizeof(tio)))
		return -EFAULT;
	if (wait && (err = tty_wait_until_sent(t)))
		return err;
	unsigned long flags = spin_lock_irqsave(&t->lock);
	t->termios = tio;
	if (flush)
		tty_flush_input(t);
	tty_termios_changed(t);
	spin_unlock_irqrestore(&t->lock, flags);
	wakeup(t);   /* raw mode may have made input readable */
	return 0;
}

static long flush(struct tty *t, uint64_t how)
{
	if (how > TCIOFLUSH)
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&t->lock);
	if (how != TCOFLUSH)
		tty_flush_input(t);
	if (how != TCIFLUSH)
		t->driver->discard();
	spin_unlock_irqrestore(&t->lock, flags);
	wakeup(t);   /* writers waiting for room */
	return 0;
}

/* TCSBRK, TCSBRKP (tcdrain(3) and tcsendbreak(3)): wait until the output is sent
 * (EINTR when a signal interrupts, as Linux's tty_ioctl); a break (argument 0) is then
 * nothing, the UARTs having no break control here, as Linux without break_ctl. A
 * background group gets SIGTTOU first, as for TIOCSPGRP. */
static long drain(struct tty *t)
{
	int err = tty_job_check(t, SIGTTOU);

	if (err)
		return err;
	return tty_wait_until_sent(t) ? -EINTR : 0;
}

static long out_queue(struct tty *t, uint64_t arg)
{
	int n = (int)t->driver->queued();

	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

/* TCOOFF/TCOON suspend and resume output; TCIOFF/TCION send the STOP/START character. */
static long flow(struct tty *t, uint64_t how)
{
	if (how > TCION)
		return -EINVAL;
	if (how == TCOOFF || how == TCOON) {
		t->driver->stop(how == TCOOFF);
		wakeup(t);
	} else {
		unsigned char c = t->termios.c_cc[how == TCIOFF ? VSTOP : VSTART];
		if (c)
			t->driver->put((char)c);
	}
	return 0;
}

static long window_size(struct tty *t, uint64_t arg, int set)
{
	struct winsize ws;

	if (!set)
		return copy_to_user(arg, &t->winsize, sizeof(ws)) ? -EFAULT : 0;
	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	t->winsize = ws;
	return 0;
}

static long nread(struct tty *t, uint64_t arg)
{
	unsigned long flags = spin_lock_irqsave(&t->lock);
	int n = (int)tty_readable(t);

	spin_unlock_irqrestore(&t->lock, flags);
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

long tty_ioctl(struct file *f, uint64_t request, uint64_t arg)
{
	struct tty *t = tty_of(f);

	switch (request) {
	case TCGETS: return get_termios(t, arg);
	case TCSETS: return set_termios(t, arg, 0, 0);
	case TCSETSW: return set_termios(t, arg, 1, 0);
	case TCSETSF: return set_termios(t, arg, 1, 1);
	case TCSBRK: return drain(t);
	case TCSBRKP: return drain(t);
	case TIOCOUTQ: return out_queue(t, arg);
	case TCFLSH: return flush(t, arg);
	case TCXONC: return flow(t, arg);
	case TIOCGWINSZ: return window_size(t, arg, 0);
	case TIOCSWINSZ: return window_size(t, arg, 1);
	case FIONREAD: return nread(t, arg);
	case TIOCSCTTY: return tty_set_ctty(t, arg);
	case TIOCNOTTY: return tty_drop_ctty(t);
	case TIOCGPGRP: return tty_get_pgrp(t, arg);
	case TIOCSPGRP: return tty_set_pgrp(t, arg);
	case TIOCGSID: return tty_get_sid(t, arg);
	default: return -ENOTTY;
	}
}
