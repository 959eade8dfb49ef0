/* The console as a terminal: the UART's bytes go through the line discipline, from its
 * receive interrupt (tty_console_interrupt, registered with the PLIC) or, when the device
 * tree names no interrupt controller for it, from the timer tick (tty_console_poll).
 * Settings start as Linux's tty_std_termios (drivers/tty/tty_io.c) with INIT_C_CC
 * (include/linux/tty.h), and a window of 24 rows and 80 columns, a serial terminal's. */
#include "drivers/console.h"
#include "drivers/plic.h"
#include "kernel/printk.h"
#include "tty/tty.h"

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
	.out = console_put_raw,
};

void tty_console_receive(void)
{
	int c;

	while ((c = console_getc()) >= 0)
		tty_receive(&console_tty, (char)c);
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
	if (irq && !plic_enable(irq, tty_console_receive) && !console_enable_rx_interrupt()) {
		polled = 0;
		printk("console: receive interrupt, PLIC source %u\n", irq);
	} else {
		printk("console: no receive interrupt in the device tree: polled every tick\n");
	}
}
