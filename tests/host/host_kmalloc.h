/* The kernel heap (mm/kmalloc.h) for host unit tests: malloc, with a count of live blocks
 * (leak checks) and a switch that makes allocations fail (-ENOMEM paths). */
#ifndef TESTS_HOST_HOST_KMALLOC_H
#define TESTS_HOST_HOST_KMALLOC_H

extern int kmalloc_fails;     /* while set, every allocation fails */
extern long live_allocations;

#endif
