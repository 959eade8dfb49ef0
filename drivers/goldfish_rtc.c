/* The Goldfish real-time clock (google,goldfish-rtc; QEMU hw/rtc/goldfish_rtc.c, Android
 * emulator's GOLDFISH-VIRTUAL-HARDWARE.TXT): nanoseconds since the epoch in TIME_LOW and
 * TIME_HIGH. Reading TIME_LOW latches the high half, so it is read first. */
#include "drivers/goldfish_rtc.h"

#define TIME_LOW  0x00
#define TIME_HIGH 0x04

uint64_t goldfish_rtc_read_ns(uintptr_t va)
{
	uint32_t lo = *(volatile uint32_t *)(va + TIME_LOW);
	uint32_t hi = *(volatile uint32_t *)(va + TIME_HIGH);
	return ((uint64_t)hi << 32) | lo;
}
