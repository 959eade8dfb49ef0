/* CLOCK_REALTIME: the monotonic clock (rdtime since boot) plus an offset, set at boot
 * from the RTC and by clock_settime(2). One 64-bit word, written atomically. */
#include "kernel/realtime.h"
#include "trap/timer.h"

static int64_t offset_ns;

uint64_t realtime_now_ns(void)
{
	return timer_to_ns(timer_read()) + (uint64_t)__atomic_load_n(&offset_ns, __ATOMIC_RELAXED);
}

int64_t realtime_offset_ns(void) { return __atomic_load_n(&offset_ns, __ATOMIC_RELAXED); }

void realtime_set_ns(uint64_t ns)
{
	__atomic_store_n(&offset_ns, (int64_t)(ns - timer_to_ns(timer_read())), __ATOMIC_RELAXED);
}
