/* Clock ids and struct timespec (include/uapi/linux/time.h; riscv64 has only the 64-bit
 * time_t). Part of the user ABI: user/include/time.h includes this file. */
#ifndef ABI_TIME_H
#define ABI_TIME_H

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_TAI                11

#define TIMER_ABSTIME 1   /* clock_nanosleep: the time is a deadline on the clock */

#define NSEC_PER_SEC 1000000000L

struct timespec {
	long tv_sec;
	long tv_nsec;
};

/* gettimeofday(2)'s time zone, obsolete (include/uapi/linux/time.h); its struct
 * timeval is in abi/resource.h. */
struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

#endif
