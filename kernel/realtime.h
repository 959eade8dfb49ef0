/* The wall clock (kernel/realtime.c). */
#ifndef KERNEL_REALTIME_H
#define KERNEL_REALTIME_H
#include <stdint.h>

/* Nanoseconds since the epoch. */
uint64_t realtime_now_ns(void);
/* What is added to the monotonic clock's nanoseconds to get the wall clock. */
int64_t realtime_offset_ns(void);
/* The wall clock now reads ns. */
void realtime_set_ns(uint64_t ns);

#endif
