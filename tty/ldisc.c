/* The line discipline's input side (Linux n_tty_receive_char and its helpers): input
 * translation, the signal characters, canonical editing and echo. What it decides under
 * the lock, a signal to send or readers to wake, is done after the lock is dropped
 * (proc_lock comes first in the lock order, tty.h). */
#include "abi/signal.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "tty/tty.h"

#define L(t, flag) ((t)->termios.c_lflag & (flag))
#define I(t, flag) ((t)->termios.c_iflag & (flag))
#define CC(t, i) ((t)->termios.c_cc[i])
#define DISABLED 0   /* _POSIX_VDISABLE: a c_cc slot set to 0 matches nothing */

static int is_cc(const struct tty *t, char c, int i)
{
	return CC(t, i) != DISABLED && (unsigned char)c == CC(t, i);
}

void tty_output(struct tty *t, char c)
{
	if (t->termios.c_oflag & OPOST) {
		if (c == '\n' && (t->termios.c_oflag & ONLCR))
			t->driver->put('\r');
		else if (c == '\r' && (t->termios.c_oflag & OCRNL))
			c = '\n';
	}
	t->driver->put(c);
}

/* A control character echoes as ^X with ECHOCTL (but tab and newline as themselves),
 * taking two columns: erase must then rub out two. */
static int echo_width(const struct tty *t, char c)
{
	return L(t, ECHOCTL) && ((unsigned char)c < ' ' || c == 0x7f) && c != '\t' && c != '\n'
		       ? 2 : 1;
}

static void echo(struct tty *t, char c)
{
	if (echo_width(t, c) == 2) {
		tty_output(t, '^');
		tty_output(t, c == 0x7f ? '?' : (char)(c ^ 0x40));
	} else {
		tty_output(t, c);
	}
}

static void rub_out(struct tty *t, char c)
{
	for (int i = echo_width(t, c); i > 0; i--) {
		t->driver->put('\b');
		t->driver->put(' ');
		t->driver->put('\b');
	}
}

uint32_t tty_readable(const struct tty *t)
{
	return (L(t, ICANON) ? t->canon : t->wpos) - t->rpos;
}

void tty_termios_changed(struct tty *t)
{
	if (!L(t, ICANON))
		t->canon = t->wpos;
}

void tty_flush_input(struct tty *t)
{
	t->rpos = t->canon = t->wpos;
}

static int line_len(const struct tty *t) { return (int)(t->wpos - t->canon); }
static char last_char(const struct tty *t) { return t->buf[(t->wpos - 1) % TTY_BUF]; }

/* VERASE: one character; VWERASE: the blanks before the cursor, then the word before
 * them; VKILL: the whole line. ECHOE rubs each out on the screen, ECHOKE the killed
 * line too; without them the character itself is echoed (ECHOK adds a newline). */
static void erase(struct tty *t, char c, int what)
{
	int echo_on = L(t, ECHO) != 0;

	if (what == VKILL && echo_on && !(L(t, ECHOKE) && L(t, ECHOE))) {
		t->wpos = t->canon;
		echo(t, c);
		if (L(t, ECHOK))
			tty_output(t, '\n');
		return;
	}
	if (what == VERASE && echo_on && !L(t, ECHOE)) {
		if (line_len(t))
			t->wpos--;
		echo(t, c);
		return;
	}
	int seen_word = 0;
	while (line_len(t)) {
		char prev = last_char(t);
		int blank = prev == ' ' || prev == '\t';
		if (what == VWERASE && blank && seen_word)
			break;
		seen_word |= !blank;
		t->wpos--;
		if (echo_on)
			rub_out(t, prev);
		if (what == VERASE)
			break;
	}
}

static void store(struct tty *t, char c, uint8_t delim)
{
	t->buf[t->wpos % TTY_BUF] = c;
	t->delim[t->wpos % TTY_BUF] = delim;
	t->wpos++;
	if (delim || !L(t, ICANON))
		t->canon = t->wpos;
}

/* What tty_receive leaves to do once the lock is dropped. */
struct after {
	int signal;   /* to the foreground group */
	int wake;
};

static int signal_char(const struct tty *t, char c)
{
	if (!L(t, ISIG))
		return 0;
	return is_cc(t, c, VINTR) ? SIGINT : is_cc(t, c, VQUIT) ? SIGQUIT :
	       is_cc(t, c, VSUSP) ? SIGTSTP : 0;
}

static void receive_locked(struct tty *t, char c, struct after *a)
{
	if (I(t, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (I(t, IGNCR))
			return;
		if (I(t, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(t, INLCR)) {
		c = '\r';
	}
	if (I(t, IXON) && (is_cc(t, c, VSTOP) || is_cc(t, c, VSTART))) {
		t->driver->stop(is_cc(t, c, VSTOP));
		a->wake = 1;
		return;
	}
	if ((a->signal = signal_char(t, c))) {
		if (!L(t, NOFLSH))
			tty_flush_input(t);
		if (L(t, ECHO))
			echo(t, c);
		a->wake = 1;
		return;
	}
	/* Room for the line's end stays free, so a full line can still be finished. */
	uint32_t room = TTY_BUF - (t->wpos - t->rpos);
	if (L(t, ICANON)) {
		int what = is_cc(t, c, VERASE) ? VERASE : is_cc(t, c, VKILL) ? VKILL :
			   (L(t, IEXTEN) && is_cc(t, c, VWERASE)) ? VWERASE : -1;
		if (what >= 0) {
			erase(t, c, what);
			return;
		}
		if (is_cc(t, c, VEOF)) {
			if (room) {
				store(t, c, DELIM_EOF);
				a->wake = 1;
			}
			return;
		}
		int eol = c == '\n' || is_cc(t, c, VEOL) || is_cc(t, c, VEOL2);
		if (room <= (eol ? 0U : 1U))
			return;
		if (L(t, ECHO) || (c == '\n' && L(t, ECHONL)))
			echo(t, c);
		store(t, c, eol ? DELIM_LINE : 0);
		a->wake |= eol;
		return;
	}
	if (!room)
		return;
	if (L(t, ECHO))
		echo(t, c);
	store(t, c, 0);
	a->wake = 1;
}

void tty_receive(struct tty *t, char c)
{
	struct after a = { 0, 0 };
	unsigned long flags = spin_lock_irqsave(&t->lock);
	int pgrp = t->pgrp;

	receive_locked(t, c, &a);
	spin_unlock_irqrestore(&t->lock, flags);
	if (a.signal && pgrp > 0)
		signal_group(pgrp, a.signal);
	if (a.wake)
		wakeup(t);
}
