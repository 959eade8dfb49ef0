/* Kernel symbol lookup for backtraces; the table is made by tools/gen-ksyms.py. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H
#include <stdint.h>

/* Name of the function containing addr and addr's offset in it, or NULL. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

#endif
