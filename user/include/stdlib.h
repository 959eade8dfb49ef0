#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

/* Heap on top of mmap: small blocks come from per-size-class arenas, blocks of 128 KiB and
 * more get a mapping of their own. Freed memory goes back to the kernel as soon as a whole
 * arena (or a large block) is free. */
void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);

/* Ends the process (exit_group). */
_Noreturn void exit(int status);

/* Decimal string to int; an optional leading '-', stops at the first non-digit. */
int atoi(const char *s);

#endif
