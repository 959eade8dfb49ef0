/* Signals with their default actions (kernel/signal.c): kill(2), stops, continues, and
 * how they end up in wait statuses. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include "kernel/proc.h"

/* kill(2): sig (0: only check) to pid > 0, to the caller's group (0), to every process
 * but init and the caller (-1), or to group -pid (< -1). */
long proc_kill(int pid, int sig);
/* sig to every process of group pgid; proc_lock held. */
void signal_group_locked(int pgid, int sig);
/* The Linux wait status of a process killed by sig: the core-dump bit for the signals
 * whose default action dumps core. */
int signal_wait_status(int sig);
/* For the current process p, proc_lock held: acts on pending stop signals, staying
 * stopped until continued. Returns whether it stopped. */
int signal_stop_pending(struct proc *p);
/* On the way back to user mode (takes proc_lock): acts on pending stops; returns the
 * signal p must die of, or 0. */
int signal_deliver(struct proc *p);

#endif
