/* The sizes of a process's address space that /proc/PID/stat and status report. */
#ifndef FS_PROC_PID_MEM_H
#define FS_PROC_PID_MEM_H
#include <stdint.h>

struct mm;

struct pid_mem {
	uint64_t size;    /* bytes mapped (VmSize, vsize) */
	uint64_t stack;   /* bytes of stack ranges (VmStk) */
	uint64_t rss;     /* pages present (VmRSS, rss) */
};

void pid_mem_usage(struct mm *mm, struct pid_mem *u);

#endif
