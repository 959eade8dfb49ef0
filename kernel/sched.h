/* Round-robin scheduling, one scheduler loop per hart, preemption on the timer tick.
 * proc_lock guards the process table and every process's state, and is held across each
 * switch (kernel/sched.c says why). */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include <stdint.h>
#include "kernel/proc.h"
#include "kernel/spinlock.h"

__attribute__((noreturn)) void scheduler(void);
/* Runs fn(arg) on the stack whose top is sp (kernel/switch.S); never returns. */
__attribute__((noreturn)) void call_on_stack(void (*fn)(void *), void *arg, uint64_t sp);
/* Gives up the CPU. The caller holds proc_lock (and no other lock) and has set current's
 * state; proc_lock is held again when sched() returns. */
void sched(void);
void yield(void);
/* Sleeps on chan until wakeup(chan), or until rdtime reaches wake_time if non-zero; does
 * not sleep at all if a fatal signal is pending, and stops instead if a stop signal is
 * (kernel/signal.c). The caller holds proc_lock, under which it tested the condition it
 * waits for; the lock is held again on return. Callers loop: a return says only that
 * the condition may have changed. */
void sleep_locked(const void *chan, uint64_t wake_time);
/* sleep_locked for waits whose condition needs no lock (time, a polled device). */
void sleep_on(const void *chan, uint64_t wake_time);
/* Makes every process sleeping on chan runnable. The caller changed the condition first. */
void wakeup(const void *chan);
/* The same, for callers holding proc_lock. */
void wakeup_locked(const void *chan);
/* p becomes RUNNABLE (proc_lock held), and an idle hart it may run on hears of it. */
void proc_make_runnable(struct proc *p);
/* Sends an IPI to one idle hart that may run p, if there is one (proc_lock held). */
void sched_kick(const struct proc *p);
/* If p runs on another hart, sends that hart an IPI, so that it enters the kernel and
 * looks at p's signals on its way back to user mode now, not at its next tick (Linux
 * kick_process). proc_lock held. */
void sched_kick_running(const struct proc *p);

extern struct proc proc_table[NPROC];
extern int proc_table_used;
extern struct spinlock proc_lock;

#endif
