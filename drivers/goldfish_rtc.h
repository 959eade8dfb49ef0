/* The Goldfish RTC of QEMU virt (drivers/goldfish_rtc.c). */
#ifndef DRIVERS_GOLDFISH_RTC_H
#define DRIVERS_GOLDFISH_RTC_H
#include <stdint.h>

/* Nanoseconds since 1970-01-01 00:00 UTC, from the RTC mapped at va. */
uint64_t goldfish_rtc_read_ns(uintptr_t va);

#endif
