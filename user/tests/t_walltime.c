/* The wall clock (clock_gettime(2), clock_settime(2), gettimeofday(2)): clock_settime
 * moves CLOCK_REALTIME and it goes on from there, gettimeofday agrees with it, and the
 * errors: EINVAL for another clock or a bad tv_nsec, EFAULT for a bad pointer.
 * With the argument "rtc" (the QEMU case rtc/virt-goldfish, on a machine with an RTC) it
 * first checks that the clock started from the RTC: QEMU's goldfish RTC gives the host's
 * time, a year of 2024 or later rather than 1970. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define JAN_1_2024 1704067200L
#define SET_TO 2000000000L   /* 2033-05-18 */

static long now_s(void)
{
    struct timespec ts;
    check_eq("clock_gettime(CLOCK_REALTIME)", sys_clock_gettime(CLOCK_REALTIME, &ts), 0);
    return ts.tv_sec;
}

int main(int argc, char **argv)
{
    long start = now_s();
    if (argc > 1 && strcmp(argv[1], "rtc") == 0)
        check_true("the wall clock is in 2024 or later", start >= JAN_1_2024, start);

    struct timeval tv;
    struct timezone tz = { 7, 7 };
    check_eq("gettimeofday", sys_gettimeofday(&tv, &tz), 0);
    check_true("gettimeofday agrees", tv.tv_sec >= start && tv.tv_sec <= start + 5, tv.tv_sec);
    check_true("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000, tv.tv_usec);
    check_true("the time zone is zero", tz.tz_minuteswest == 0 && tz.tz_dsttime == 0,
               tz.tz_minuteswest);
    check_eq("gettimeofday into a kernel address", sys_gettimeofday(KERNEL_ADDRESS, NULL),
             -EFAULT);

    struct timespec set = { SET_TO, 0 };
    check_eq("clock_settime(CLOCK_REALTIME)", sys_clock_settime(CLOCK_REALTIME, &set), 0);
    long now = now_s();
    check_true("the clock reads what was set", now >= SET_TO && now <= SET_TO + 5, now);
    check_eq("gettimeofday after", sys_gettimeofday(&tv, NULL), 0);
    check_true("gettimeofday follows", tv.tv_sec >= SET_TO && tv.tv_sec <= SET_TO + 5, tv.tv_sec);

    check_eq("clock_settime(CLOCK_MONOTONIC)", sys_clock_settime(CLOCK_MONOTONIC, &set), -EINVAL);
    check_eq("clock_settime of an unknown clock", sys_clock_settime(99, &set), -EINVAL);
    struct timespec bad = { SET_TO, 1000000000L };
    check_eq("clock_settime with tv_nsec of a second", sys_clock_settime(CLOCK_REALTIME, &bad),
             -EINVAL);
    bad.tv_nsec = -1;
    check_eq("clock_settime with a negative tv_nsec", sys_clock_settime(CLOCK_REALTIME, &bad),
             -EINVAL);
    check_eq("clock_settime from a kernel address",
             sys_clock_settime(CLOCK_REALTIME, KERNEL_ADDRESS), -EFAULT);

    /* Back to about where it was, for the tests after this one. */
    set.tv_sec = start + (now - SET_TO);
    check_eq("clock_settime back", sys_clock_settime(CLOCK_REALTIME, &set), 0);
    check_true("back in the present", now_s() < SET_TO, now_s());
    return 0;
}
