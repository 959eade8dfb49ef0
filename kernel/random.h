/* The kernel's random numbers (/dev/random, /dev/urandom, getrandom(2)): a xoshiro256**
 * generator seeded at boot from the device tree's /chosen/rng-seed (when the firmware
 * gives one) and the time, with the time stirred in again at each request. NOT
 * cryptographic: the output is predictable to anyone who learns the state, and without a
 * seed the state comes from the boot time alone. Good for hash seeds, stack canaries and
 * temporary names, not for keys. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H
#include <stddef.h>

/* Seeds from len bytes at seed (NULL for none) and the current time. */
void random_init(const void *seed, size_t len);
void random_bytes(void *buf, size_t n);

#endif
