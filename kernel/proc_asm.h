/* The fields of struct proc and struct thread_group that trap/entry.S reads on its way back
 * to user mode (the signal check); kernel/proc.c checks them against the structs. */
#ifndef KERNEL_PROC_ASM_H
#define KERNEL_PROC_ASM_H

#define PROC_TG          240
#define PROC_SIG_WORK    456
#define TG_SIG_QUEUED    32

#endif
