/* Freestanding subset of stdlib.h; libfdt includes this header. */
#ifndef STDLIB_H
#define STDLIB_H
#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
