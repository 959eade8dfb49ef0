/* Timespecs from user memory, checked as Linux checks them (timespec64_valid): a negative
 * tv_sec or a tv_nsec outside [0, 1e9) is EINVAL. */
#ifndef KERNEL_USER_TIME_H
#define KERNEL_USER_TIME_H
#include <stdint.h>

struct timespec;

/* Checks *ts and converts it into *ns (saturating at UINT64_MAX): 0 or -EINVAL. */
long timespec_to_ns(const struct timespec *ts, uint64_t *ns);
/* Reads the timespec at uts into *ns (saturating at UINT64_MAX): 0, -EFAULT or -EINVAL. */
long timespec_ns_from_user(uint64_t uts, uint64_t *ns);

#endif
