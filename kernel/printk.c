/* printk: formatted output to the console (drivers/console.c). */
#include <stdint.h>
#include <string.h>
#include "drivers/console_tx.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "trap/timer.h"

/* How long a panicking hart waits for another hart's message to end (100 ms). */
#define PANIC_PRINTK_WAIT_NS 100000000UL

/* The console's bytes go out a line's worth at a time: each write to the console takes
 * its locks and reads the UART's status once for many bytes (a byte at a time, the boot
 * log alone cost a quarter of a million instructions). */
#define CONSOLE_CHUNK 128

struct out {
	char *buf;      /* NULL: write to the console, through chunk */
	size_t size;
	size_t len;
	char chunk[CONSOLE_CHUNK];
	size_t queued;  /* bytes in chunk */
};

static void flush(struct out *o)
{
	console_tx_write_sync(o->chunk, o->queued);
	o->queued = 0;
}

static void out_char(struct out *o, char c)
{
	if (!o->buf) {
		if (o->queued == CONSOLE_CHUNK)
			flush(o);
		o->chunk[o->queued++] = c;
	} else if (o->len + 1 < o->size) {
		o->buf[o->len] = c;
	}
	o->len++;
}

/* n bytes as out_char would put them, copied a run at a time: most of the boot log is
 * format strings' own text and %s arguments, and a byte at a time through out_char cost
 * about 20 instructions each. */
static void out_run(struct out *o, const char *s, size_t n)
{
	if (!o->buf) {
		while (n) {
			if (o->queued == CONSOLE_CHUNK)
				flush(o);
			size_t k = CONSOLE_CHUNK - o->queued < n ? CONSOLE_CHUNK - o->queued : n;
			memcpy(o->chunk + o->queued, s, k);
			o->queued += k;
			o->len += k;
			s += k;
			n -= k;
		}
		return;
	}
	if (o->len + 1 < o->size) {
		size_t room = o->size - 1 - o->len;
		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

static void out_str(struct out *o, const char *s, int width, int left)
{
	int n = 0;

	while (s[n])
		n++;
	for (; !left && width > n; width--)
		out_char(o, ' ');
	out_run(o, s, (size_t)n);
	for (; left && width > n; width--)
		out_char(o, ' ');
}

static void out_num(struct out *o, uint64_t v, int base, int neg, int width, int zero,
		    int left, int upper)
{
	char tmp[24];
	int n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + neg;
	if (neg && zero)
		out_char(o, '-');
	for (; !left && width > len; width--)
		out_char(o, zero ? '0' : ' ');
	if (neg && !zero)
		out_char(o, '-');
	while (n)
		out_char(o, tmp[--n]);
	for (; left && width > len; width--)
		out_char(o, ' ');
}

static void out_symbol(struct out *o, uint64_t addr)
{
	uint64_t offset;
	const char *name = ksym_lookup(addr, &offset);

	out_str(o, "0x", 0, 0);
	out_num(o, addr, 16, 0, 16, 1, 0, 0);
	if (name) {
		out_str(o, " <", 0, 0);
		out_str(o, name, 0, 0);
		out_str(o, "+0x", 0, 0);
		out_num(o, offset, 16, 0, 0, 0, 0, 0);
		out_char(o, '>');
	}
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			size_t n = 1;
			while (fmt[n] && fmt[n] != '%')
				n++;
			out_run(o, fmt, n);
			fmt += n - 1;
			continue;
		}
		int left = 0, zero = 0, width = 0, lng = 0;
		for (;; fmt++) {
			if (fmt[1] == '-')
				left = 1;
			else if (fmt[1] == '0')
				zero = 1;
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			width = width * 10 + (*++fmt - '0');
		while (fmt[1] == 'l' || fmt[1] == 'z' || fmt[1] == 'h') {
			if (fmt[1] != 'h')
				lng = 1;
			fmt++;
		}
		char conv = *++fmt;
		if (conv == 'd' || conv == 'i') {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			out_num(o, mag, 10, v < 0, width, zero, left, 0);
		} else if (conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			int base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
			out_num(o, v, base, 0, width, zero, left, conv == 'X');
		} else if (conv == 'p') {
			uint64_t v = (uint64_t)va_arg(ap, void *);
			if (fmt[1] == 'S') {
				fmt++;
				out_symbol(o, v);
			} else {
				out_str(o, "0x", 0, 0);
				out_num(o, v, 16, 0, 0, 0, 0, 0);
			}
		} else if (conv == 's') {
			const char *s = va_arg(ap, const char *);
			out_str(o, s ? s : "(null)", width, left);
		} else if (conv == 'c') {
			out_char(o, (char)va_arg(ap, int));
		} else if (conv == '%') {
			out_char(o, '%');
		} else {
			out_char(o, '%');
			if (!conv)
				return;
			out_char(o, conv);
		}
	}
}

static struct spinlock printk_lock = SPINLOCK_INIT("printk");

int vprintk(const char *fmt, va_list ap)
{
	struct out o;

	o.buf = NULL;
	o.len = o.queued = 0;
	/* Another hart's panic report must not be interleaved with this hart's output. */
	if (smp_other_hart_panicking())
		smp_park();
	unsigned long flags = spin_lock_irqsave(&printk_lock);

	format(&o, fmt, ap);
	flush(&o);
	spin_unlock_irqrestore(&printk_lock, flags);
	return (int)o.len;
}

int printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* A fault inside printk must not leave the report deadlocked on its lock. Another hart
 * in the middle of a message finishes it first (it parks at its next one): waited for a
 * bounded time, since that hart may be the one that is stuck. */
void printk_panic_unlock(void)
{
	if (printk_lock.owner != this_cpu()) {
		uint64_t deadline = timer_deadline_after_ns(PANIC_PRINTK_WAIT_NS);
		while (__atomic_load_n(&printk_lock.locked, __ATOMIC_ACQUIRE) &&
		       timer_read() < deadline)
			;
	}
	/* Nobody holds it now, this hart included (spin_holding looks at the owner). */
	*(struct cpu *volatile *)&printk_lock.owner = NULL;
	__atomic_store_n(&printk_lock.locked, 0, __ATOMIC_RELEASE);
}

int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o;

	o.buf = buf;
	o.size = size;
	o.len = 0;
	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintk(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
