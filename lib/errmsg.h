/* One-line error reasons that parsers hand back to their caller, who decides how to
 * report them (devicetree/dt.c, lib/cpio.c, lib/elf.c). */
#ifndef KERNEL_ERRMSG_H
#define KERNEL_ERRMSG_H
#include <stddef.h>

/* Copies src into dst (size bytes), truncating, always terminated (size > 0). */
void copy_truncated(char *dst, size_t size, const char *src);

/* Writes "what" or "what: detail" (detail may be NULL) into err, truncated to errlen
 * bytes and always terminated; err may be NULL. Returns code. */
int error_message(char *err, size_t errlen, int code, const char *what, const char *detail);

#endif
