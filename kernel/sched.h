/* Round-robin scheduling, one scheduler loop per hart, preemption on the timer tick. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include <stdint.h>
#include "kernel/proc.h"

__attribute__((noreturn)) void scheduler(void);
/* Runs fn(arg) on the stack whose top is sp (kernel/switch.S); never returns. */
__attribute__((noreturn)) void call_on_stack(void (*fn)(void *), void *arg, uint64_t sp);
/* Gives up the CPU; the caller has set current's state. */
void sched(void);
void yield(void);
/* Sleeps on chan until wakeup(chan), or until rdtime reaches wake_time if non-zero. */
void sleep_on(const void *chan, uint64_t wake_time);
void wakeup(const void *chan);

extern struct proc proc_table[NPROC];
extern int proc_table_used;

#endif
