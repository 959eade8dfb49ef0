/* Resource usage of a process for getrusage(2), times(2), wait4(2) and /proc/PID/stat. */
#ifndef KERNEL_USAGE_H
#define KERNEL_USAGE_H
#include <stdint.h>
#include "abi/resource.h"

struct proc;

/* Counts besides the CPU time (struct proc's cpu_time, user and system together). */
struct usage {
	uint64_t user;      /* rdtime ticks in user mode; the rest of cpu_time is system */
	uint64_t min_flt;   /* page faults resolved (all without I/O: ru_minflt) */
	uint64_t nvcsw;     /* switches away to sleep or stop (ru_nvcsw) */
	uint64_t nivcsw;    /* switches away while runnable: preemption, yield (ru_nivcsw) */
	uint64_t maxrss;    /* peak resident pages, as last measured (ru_maxrss) */
};

/* The calling thread's CPU time and counts up to now (the running stretch included). */
void usage_self(uint64_t *cpu, struct usage *u);
/* The same for its whole thread group: every thread's, exited ones included. */
void usage_process(uint64_t *cpu, struct usage *u);
/* A group leader's counts with its exited threads' and its waited-for children's (Linux
 * RUSAGE_BOTH, what wait4 reports): sums, but the larger maxrss. proc_lock held. */
void usage_both(const struct proc *p, uint64_t *cpu, struct usage *u);
/* Adds from into to: sums, the larger maxrss (Linux's cmaxrss). */
void usage_add(struct usage *to, const struct usage *from);
/* Notes the resident pages of p's address space before it goes (exit, exec). */
void usage_note_rss(struct proc *p);
/* struct rusage: utime and stime split cpu at user, maxrss in KiB. */
void usage_to_rusage(struct rusage *ru, uint64_t cpu, const struct usage *u);

#endif
