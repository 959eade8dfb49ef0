/* setitimer(2), getitimer(2) (include/uapi/linux/time.h). Part of the user ABI. */
#ifndef ABI_ITIMER_H
#define ABI_ITIMER_H
#include "abi/resource.h"   /* struct timeval */

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define USEC_PER_SEC 1000000L

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

#endif
