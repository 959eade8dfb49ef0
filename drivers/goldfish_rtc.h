/* The Goldfish RTC of QEMU virt (drivers/goldfish_rtc.c). */
#ifndef DRIVERS_GOLDFISH_RTC_H
#define DRIVERS_GOLDFISH_RTC_H
#include <stdint.h>

/* Its registers: TIME_LOW at 0 to ALARM_STATUS and CLEAR_INTERRUPT at 0x18, 0x1c
 * (QEMU hw/rtc/goldfish_rtc.c). A larger reg is mapped only this far. */
#define GOLDFISH_RTC_SPAN 0x20

/* Nanoseconds since 1970-01-01 00:00 UTC, from the RTC mapped at va. */
uint64_t goldfish_rtc_read_ns(uintptr_t va);

#endif
