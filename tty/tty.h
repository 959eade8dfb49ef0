/* Terminals: a line discipline over a byte device (Linux drivers/tty/n_tty.c is the
 * reference for what each termios flag does). There is one, the console; /dev/console
 * and /dev/tty (the caller's controlling terminal) open it.
 *
 * Input arrives from the UART's receive interrupt, or the timer tick when there is none
 * (tty_receive), is edited in canonical mode, echoed, and read by read(2) (tty_read).
 * The lock "tty" guards the buffer and settings; it comes after proc_lock
 * (proc_lock -> tty), so tty_receive sends its signals and wakeups after dropping it. */
#ifndef TTY_TTY_H
#define TTY_TTY_H
#include <stdint.h>
#include "abi/termios.h"
#include "kernel/spinlock.h"

struct file;
struct file_ops;
struct proc;

#define TTY_BUF 4096   /* a power of two: ring positions are free-running counters */

/* The output side of the device under a terminal: it queues what the terminal writes
 * and sends it on its own (the console: drivers/console_tx.h). */
struct tty_driver {
	void (*put)(char c);      /* queues a byte; may wait for the device, never sleeps */
	uint32_t (*room)(void);   /* bytes put takes without waiting */
	uint32_t (*queued)(void); /* bytes queued and not yet sent */
	void (*discard)(void);    /* drops what is queued */
	void (*stop)(int stop);   /* suspends (1) or resumes (0) sending: TCOOFF/TCOON, ^S/^Q */
};

struct tty {
	struct spinlock lock;
	struct termios termios;
	struct winsize winsize;
	char buf[TTY_BUF];
	uint8_t delim[TTY_BUF];   /* per slot: 0, DELIM_LINE (the char is read) or DELIM_EOF */
	uint32_t rpos;            /* next byte read(2) takes */
	uint32_t canon;           /* end of the complete lines (canonical mode) */
	uint32_t wpos;            /* end of everything received */
	int session;              /* the session it controls, 0 if none */
	int pgrp;                 /* foreground process group, 0 if none */
	const struct tty_driver *driver;
};

#define DELIM_LINE 1
#define DELIM_EOF  2

/* The console's tty (tty/console_tty.c). */
extern struct tty console_tty;
extern const struct file_ops tty_ops;

/* The terminal behind an open file of tty_ops: the console, the only one there is. */
static inline struct tty *tty_of(struct file *f)
{
	(void)f;
	return &console_tty;
}

/* The console (tty/console_tty.c): drains the UART into the line discipline (its
 * interrupt handler); the timer tick's poll when there is no interrupt; setup once the
 * console's PLIC source (0 if none: polled) is known. */
void tty_console_receive(void);
void tty_console_tick(void);
void tty_console_start(uint32_t irq);

/* One received byte through the line discipline (tty/ldisc.c). Interrupt context or
 * syscall context, no lock held. */
void tty_receive(struct tty *t, char c);
/* Output processing (OPOST, ONLCR, OCRNL) of one byte; t->lock held or not. */
void tty_output(struct tty *t, char c);
/* Bytes a read could take now; t->lock held. */
uint32_t tty_readable(const struct tty *t);
/* Settings changed: in raw mode everything received becomes readable. t->lock held. */
void tty_termios_changed(struct tty *t);
/* Throws the input away (TCFLSH, ISIG without NOFLSH); t->lock held. */
void tty_flush_input(struct tty *t);

/* Waits until the device has sent everything queued: 0, or -ERESTARTSYS when a signal
 * interrupts (tty/tty.c). */
int tty_wait_until_sent(struct tty *t);

/* ioctl(2) on a terminal (tty/ioctl.c). */
long tty_ioctl(struct file *f, uint64_t request, uint64_t arg);

/* Sessions and job control (tty/session.c). */
/* open(2) of a terminal: /dev/tty without a controlling terminal is -ENXIO; a session
 * leader without one that opens a free terminal without O_NOCTTY acquires it. */
int tty_open(struct file *f, int flags);
/* A read (sig = SIGTTIN), a write with TOSTOP or TIOCSPGRP (SIGTTOU) from a background
 * process group of t's session: 0 if the caller may go on (in the foreground, or sig
 * blocked or ignored, but for SIGTTIN); -EIO for an orphaned group or an ignored
 * SIGTTIN; else the group is signalled and -ERESTARTSYS returned. */
int tty_job_check(struct tty *t, int sig);
/* The ioctls of the controlling terminal (ioctl_tty(2)): TIOCSCTTY with its argument,
 * TIOCNOTTY, TIOCGPGRP and TIOCSPGRP, TIOCGSID (the last three with a user address). */
long tty_set_ctty(struct tty *t, uint64_t arg);
long tty_drop_ctty(struct tty *t);
long tty_get_pgrp(struct tty *t, uint64_t uaddr);
long tty_set_pgrp(struct tty *t, uint64_t uaddr);
long tty_get_sid(struct tty *t, uint64_t uaddr);
/* init gets the console as its controlling terminal (kernel/proc.c). */
void tty_give_init_console(struct proc *init);
/* A session leader exits: its terminal is let go (tty/session.c). */
void tty_session_leader_exit(struct proc *p);

#endif
