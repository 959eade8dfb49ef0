/* Formatted output. Conversions: %d %i %u %x %X %s %c %p %%, with the length modifiers l, ll
 * and z, a field width (or *), and the flags '-' (left-justify) and '0' (zero padding). */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

/* Write to standard output (fd 1); each call's output is buffered and written in one go when
 * it fits in the buffer. They return the number of bytes written, or a negative errno. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
/* Always NUL-terminate (when size > 0); return the length the whole output would have. */
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
