#include "abi/errno.h"
#include "abi/time.h"
#include "kernel/user_time.h"
#include "mm/usercopy.h"

long timespec_to_ns(const struct timespec *ts, uint64_t *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	*ns = (uint64_t)ts->tv_sec >= UINT64_MAX / NSEC_PER_SEC ? UINT64_MAX :
	      (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
	return 0;
}

long timespec_ns_from_user(uint64_t uts, uint64_t *ns)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	return timespec_to_ns(&ts, ns);
}
