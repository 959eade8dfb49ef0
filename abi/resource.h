/* getrusage(2) and times(2) (include/uapi/linux/resource.h, include/uapi/linux/times.h).
 * Part of the user ABI: user/include/sys/resource.h includes this file. */
#ifndef ABI_RESOURCE_H
#define ABI_RESOURCE_H

#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN (-1)   /* the children waited for, and their waited-for children */
#define RUSAGE_THREAD    1

struct timeval {
	long tv_sec;
	long tv_usec;
};

struct rusage {
	struct timeval ru_utime;
	struct timeval ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* In clock ticks: sysconf(_SC_CLK_TCK), which glibc reads from AT_CLKTCK. */
struct tms {
	long tms_utime;
	long tms_stime;
	long tms_cutime;
	long tms_cstime;
};

#endif
