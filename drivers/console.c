/* Console drivers: 8250/16550 (ns16550a on QEMU virt, snps,dw-apb-uart on the JH7110),
 * SiFive UART (sifive,uart0, FU540 manual chapter 13) and the SBI legacy console.
 * The firmware has already set the line up (115200 8N1); we only move bytes. */
#include "drivers/console.h"
#include "riscv/sbi.h"
#include "drivers/uart_regs.h"
#include "kernel/spinlock.h"

/* 16550 line-status bits (the register indices are in drivers/uart_regs.h). */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

/* SiFive UART registers. */
#define SIFIVE_TXDATA 0x00
#define SIFIVE_RXDATA 0x04
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_RXCTRL 0x0c
#define SIFIVE_IE     0x10
#define SIFIVE_FIFO_FLAG (1U << 31)   /* txdata: full; rxdata: empty */
#define SIFIVE_RXCNT_MASK (7U << 16)  /* rxctrl: watermark, pending above this many */
#define SIFIVE_TXCNT_MASK (7U << 16)  /* txctrl: watermark, pending below this many */
#define SIFIVE_TXCNT_1 (1U << 16)
#define SIFIVE_IE_TXWM 1U             /* ie: transmit watermark interrupt */
#define SIFIVE_IE_RXWM 2U             /* ie: receive watermark interrupt */
#define IER_RDI 0x01                  /* 16550 IER: received data available */
#define IER_THRI 0x02                 /* 16550 IER: transmit holding register empty */
#define IIR_FIFOS_ON 0xc0             /* 16550 IIR bits 7:6: the FIFOs are enabled */
#define FIFO_16550 16

static enum dt_uart_kind kind = UART_NONE;
/* One hart at a time waits for room and writes a byte: two that both saw room could
 * otherwise overrun the transmitter. */
static struct spinlock console_out_lock = SPINLOCK_INIT("console out");
static struct uart_regs regs;
static uint32_t tx_load = 1;   /* bytes a 16550 takes when THR is empty: its FIFO's depth */
static uint32_t interrupts_on; /* the enabled interrupts: IER bits, or SiFive ie bits */

static uint32_t reg_read(uint32_t reg)
{
	uintptr_t a = uart_reg_addr(&regs, reg);
	return regs.io_width == 4 ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

static void reg_write(uint32_t reg, uint32_t v)
{
	uintptr_t a = uart_reg_addr(&regs, reg);
	if (regs.io_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = (uint8_t)v;
}

static volatile uint32_t *sifive_reg(uint32_t off) { return (volatile uint32_t *)(regs.base + off); }

/* Boot output before the UART is mapped waits here instead of going to the SBI legacy
 * console, which costs the firmware about 280 instructions a character (a third of an
 * earlier boot went to the banner and memory map that way): console_use_uart writes it
 * out through the UART, console_end_early through whatever console there is. A full
 * buffer goes out at once through the SBI console. */
static char early[4096];
static size_t early_len;
static int early_over;   /* the buffer has been written out: no more buffering */

static void write_bytes(const char *s, size_t n, int crlf);

void console_end_early(void)
{
	if (early_over)
		return;
	early_over = 1;
	write_bytes(early, early_len, 0);
}

/* A run of bytes to a 16550, each newline as CR LF with crlf; console_out_lock held (or a
 * panic). Once THR is empty the UART takes a whole FIFO (tx_load), so the line status is
 * read once for every 16 bytes, not before each, and the registers' addresses once. */
static void ns16550_write(const char *s, size_t n, int crlf)
{
	uintptr_t thr = uart_reg_addr(&regs, UART_THR), lsr = uart_reg_addr(&regs, UART_LSR);
	int wide = regs.io_width == 4;
	uint32_t room = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int cr = crlf && c == '\n';
		do {
			while (!room) {
				uint32_t status = wide ? *(volatile uint32_t *)lsr
						       : *(volatile uint8_t *)lsr;
				room = (status & LSR_THR_EMPTY) ? tx_load : 0;
			}
			char out = cr ? '\r' : c;
			if (wide)
				*(volatile uint32_t *)thr = (uint8_t)out;
			else
				*(volatile uint8_t *)thr = (uint8_t)out;
			room--;
		} while (cr--);
	}
}

/* One byte out; console_out_lock held (or a panic). */
static void put_locked(char c)
{
	if (kind == UART_NS16550) {
		ns16550_write(&c, 1, 0);
	} else if (kind == UART_SIFIVE) {
		while (*sifive_reg(SIFIVE_TXDATA) & SIFIVE_FIFO_FLAG)
			;
		*sifive_reg(SIFIVE_TXDATA) = (uint8_t)c;
	} else if (!early_over && early_len < sizeof(early)) {
		early[early_len++] = c;
	} else if (!early_over) {
		/* Full: what waited goes out through the SBI console, then this byte. Not
		 * through console_end_early, which takes the lock held here. */
		early_over = 1;
		for (size_t i = 0; i < early_len; i++)
			sbi_console_putchar(early[i]);
		sbi_console_putchar(c);
	} else {
		sbi_console_putchar(c);
	}
}

/* Copies what fits of s into the early buffer, each newline as CR LF with crlf, leaving
 * a byte's room for the CR; returns how many bytes of s it took. put_locked takes the
 * rest, flushing the full buffer first. A byte at a time through put_locked cost 18
 * instructions, most of the early boot log's. */
static size_t buffer_early(const char *s, size_t n, int crlf)
{
	size_t i = 0;

	for (; i < n && early_len + 2 <= sizeof(early); i++) {
		if (crlf && s[i] == '\n')
			early[early_len++] = '\r';
		early[early_len++] = s[i];
	}
	return i;
}

/* n bytes out under one taking of the lock, each newline as CR LF with crlf. A panic
 * report goes out without the lock: the fault may have come from inside it, and the
 * other harts are parked or about to be (kernel/smp.c). */
static void write_bytes(const char *s, size_t n, int crlf)
{
	int locked = !this_cpu()->in_panic;
	unsigned long flags = locked ? spin_lock_irqsave(&console_out_lock) : 0;

	if (kind == UART_NS16550) {
		ns16550_write(s, n, crlf);
	} else {
		size_t i = kind == UART_NONE && !early_over ? buffer_early(s, n, crlf) : 0;
		for (; i < n; i++) {
			if (crlf && s[i] == '\n')
				put_locked('\r');
			put_locked(s[i]);
		}
	}
	if (locked)
		spin_unlock_irqrestore(&console_out_lock, flags);
}

void console_write(const char *s, size_t n)
{
	write_bytes(s, n, 1);
}

void console_put_raw(char c)
{
	write_bytes(&c, 1, 0);
}

int console_getc(void)
{
	if (kind == UART_NS16550)
		return (reg_read(UART_LSR) & LSR_DATA_READY) ? (int)(reg_read(UART_RBR) & 0xff) : -1;
	if (kind == UART_SIFIVE) {
		uint32_t v = *sifive_reg(SIFIVE_RXDATA);
		return (v & SIFIVE_FIFO_FLAG) ? -1 : (int)(v & 0xff);
	}
	int c = sbi_console_getchar();
	return c < 0 ? -1 : c;
}

void console_use_uart(const struct dt_uart *u, uintptr_t va)
{
	if (u->kind == UART_NONE || uart_regs_init(&regs, va, u->reg_shift, u->reg_io_width) < 0)
		return;
	kind = u->kind;
	if (kind == UART_SIFIVE) {
		*sifive_reg(SIFIVE_TXCTRL) = (*sifive_reg(SIFIVE_TXCTRL) & ~SIFIVE_TXCNT_MASK) |
					     SIFIVE_TXCNT_1 | 1;
		*sifive_reg(SIFIVE_RXCTRL) |= 1;
	} else if ((reg_read(UART_IIR) & IIR_FIFOS_ON) == IIR_FIFOS_ON) {
		tx_load = FIFO_16550;   /* the firmware turned the FIFOs on (FCR) */
	}
	console_end_early();
}

static void set_interrupts(uint32_t on)
{
	interrupts_on = on;
	if (kind == UART_NS16550)
		reg_write(UART_IER, on);
	else if (kind == UART_SIFIVE)
		*sifive_reg(SIFIVE_IE) = on;
}

/* The receive interrupt: 16550 IER.ERBFI (DesignWare's too); SiFive ie.rxwm with a
 * watermark of 0, pending while the receive FIFO holds anything (FU540 manual 13.7-13.9).
 * Both stay asserted while bytes wait, so each interrupt drains the FIFO. */
int console_enable_rx_interrupt(void)
{
	if (kind == UART_NS16550) {
		set_interrupts(interrupts_on | IER_RDI);
		return 0;
	}
	if (kind == UART_SIFIVE) {
		*sifive_reg(SIFIVE_RXCTRL) &= ~SIFIVE_RXCNT_MASK;
		set_interrupts(interrupts_on | SIFIVE_IE_RXWM);
		return 0;
	}
	return -1;
}

/* The transmit interrupt: 16550 IER.ETBEI, pending while THR is empty (and raised when
 * enabled with THR empty); SiFive ie.txwm with a watermark of 1, pending while the
 * transmit FIFO is empty (FU540 manual 13.5, 13.7). */
int console_tx_interrupt_supported(void) { return kind != UART_NONE; }

void console_tx_interrupt_enable(int on)
{
	uint32_t bit = kind == UART_SIFIVE ? SIFIVE_IE_TXWM : IER_THRI;

	if (!(interrupts_on & bit) != !on)
		set_interrupts(on ? interrupts_on | bit : interrupts_on & ~bit);
}

uint32_t console_tx_space(void)
{
	if (kind == UART_NS16550)
		return (reg_read(UART_LSR) & LSR_THR_EMPTY) ? tx_load : 0;
	if (kind == UART_SIFIVE)
		return (*sifive_reg(SIFIVE_TXDATA) & SIFIVE_FIFO_FLAG) ? 0 : 1;
	return 1;
}

void console_tx_write(char c)
{
	if (kind == UART_NS16550)
		reg_write(UART_THR, (uint8_t)c);
	else if (kind == UART_SIFIVE)
		*sifive_reg(SIFIVE_TXDATA) = (uint8_t)c;
	else
		sbi_console_putchar(c);
}

void console_use_sbi(void)
{
	kind = UART_NONE;
	console_end_early();
}

const char *console_name(void)
{
	return kind == UART_NS16550 ? "ns16550" : kind == UART_SIFIVE ? "sifive,uart0" : "sbi";
}
