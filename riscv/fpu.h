/* User floating-point state. The kernel does not use the FPU itself, so the registers
 * hold the user's values throughout a trap and only a context switch has to move them.
 *
 * sstatus.FS says where each process stands (privileged spec, "Extension Context Status"):
 * Initial (every register zero: a new program), Clean (equal to what was saved in
 * proc->fp), Dirty (changed since: save before another process runs). Each hart knows
 * whose values its registers hold, so a process that gets the CPU back with nobody else
 * having touched them costs nothing, and programs that never use the FPU (FS stays
 * Initial) cost nothing either. Harts without F/D never get FS set, and their programs
 * take SIGILL on FP instructions. */
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H
#include <stdint.h>

#include "riscv/csr.h"

struct fp_state {
	uint64_t f[32];
	uint32_t fcsr;
};

struct proc;

/* Probes this hart for F and D (an FP instruction that traps means no). */
void fpu_init(void);
/* Another hart, started after fpu_init ran on the boot hart: same FPU, nobody's values. */
void fpu_start_hart(void);
/* A new program image: zeroed registers; returns the sstatus.FS to start it with
 * (Initial, or Off where there is no FPU). */
uint64_t fpu_exec(struct proc *p);
/* Around a context switch on this hart. */
void fpu_switch_in(struct proc *p);
void fpu_switch_out(struct proc *p);
/* fork: the child starts with the parent's FP state. */
void fpu_copy(struct proc *child, struct proc *parent);
/* The current process's FP registers, for a signal frame (all zero while FS is Initial
 * or there is no FPU), and their new values from rt_sigreturn. */
void fpu_get_user(struct proc *p, struct fp_state *s);
void fpu_set_user(struct proc *p, const struct fp_state *s);
/* The process is gone: its values must not reach the next one. */
void fpu_forget(struct proc *p);

#endif
