/* Kernel console output. printk understands %d %i %u %x %X %o %c %s %p %% with the
 * l/ll/z/h length modifiers, width, '-' and '0' flags; %pS prints a code address as
 * symbol+offset. Host unit tests link their own printk. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include <stdarg.h>
#include <stddef.h>

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Called on the way into a panic: the interrupted printk may hold the lock. */
void printk_panic_unlock(void);
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);

#endif
