/* getrusage(2) and times(2) (include/uapi/linux/resource.h, include/uapi/linux/times.h).
 * Part of the user ABI: user/include/sys/resource.h includes this file. */
#ifndef ABI_RESOURCE_H
#define ABI_RESOURCE_H

#define RUSAGE_SELF      0
#define RUSAGE_CHILDREN (-1)   /* the children waited for, and their waited-for children */
#define RUSAGE_THREAD    1

/* getrlimit(2), setrlimit(2), prlimit64(2) (include/uapi/asm-generic/resource.h) */
#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6
#define RLIMIT_NOFILE     7
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIM_NLIMITS      16
#define RLIM_INFINITY     (~0UL)

struct rlimit {
	unsigned long rlim_cur;   /* soft limit */
	unsigned long rlim_max;   /* hard limit */
};

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
