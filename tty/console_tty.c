/* The console as a terminal: the UART's bytes go through the line discipline, from its
 * receive interrupt (tty_console_interrupt, registered with the PLIC) or, when the device
 * tree names no interrupt controller for it, from the timer tick (tty_console_tick).
 * Output goes through the transmit ring, drained by the same interrupt (synchronous
 * when polled).
 * Settings start as Linux's tty_std_termios (drivers/tty/tty_io.c) with INIT_C_CC
 * (include/linux/tty.h), and a window of 24 rows and 80 columns, a serial terminal's. */
#include "drivers/console.h"
#include "drivers/console_tx.h"
#include "drivers/plic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "tty/tty.h"

static const struct tty_driver console_tty_driver = {
	.put = console_tx_put, .room = console_tx_room, .queued = console_tx_queued,
	.discard = console_tx_discard, .stop = console_tx_stop,
};

struct tty console_tty = {
	.lock = SPINLOCK_INIT("tty"),
	.termios = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B38400 | CS8 | CREAD | HUPCL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0",
	},
	.winsize = { 24, 80, 0, 0 },
	.driver = &console_tty_driver,
};

void tty_console_receive(void)
{
	int c;

	while ((c = console_getc()) >= 0)
		tty_receive(&console_tty, (char)c);
}

/* The UART's one interrupt: received bytes in, then the transmit ring's next batch out;
 * writers waiting for room (or for the ring to drain) are woken as it empties. */
static void tty_console_interrupt(void)
{
	tty_console_receive();
	if (console_tx_interrupt())
		wakeup(&console_tty);
}

/* Without a receive interrupt the timer tick polls the UART. */
static int polled = 1;

void tty_console_tick(void)
{
	if (polled)
		tty_console_receive();
}

void tty_console_start(uint32_t irq)
{
	if (irq && !plic_enable(irq, tty_console_interrupt) && !console_enable_rx_interrupt()) {
		polled = 0;
		console_tx_start();
		printk("console: receive and transmit interrupts, PLIC source %u\n", irq);
	} else {
		printk("console: no receive interrupt in the device tree: polled every tick\n");
	}
}
