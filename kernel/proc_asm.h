/* The field of struct proc that trap/entry.S reads on its way back to user mode (the
 * signal check); kernel/proc.c checks it against the struct. */
#ifndef KERNEL_PROC_ASM_H
#define KERNEL_PROC_ASM_H

#define PROC_SIG_WORK    456

#endif
