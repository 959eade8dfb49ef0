/* printk for host unit tests: kernel modules report errors through it. The last line
 * is kept so tests can assert that a report was made. */
#include <stdarg.h>
#include <stdio.h>
#include "kernel/printk.h"
#include "tests/host/host_printk.h"

char host_printk_last[512];
int host_printk_count;

int vprintk(const char *fmt, va_list ap)
{
	host_printk_count++;
	return vsnprintf(host_printk_last, sizeof(host_printk_last), fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
