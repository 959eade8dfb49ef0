/* Trap dispatch (trap/trap.c) and the hooks it calls. */
#ifndef TRAP_TRAP_H
#define TRAP_TRAP_H
#include "trap/frame.h"

#include "riscv/csr.h"

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Every trap but system calls and user page faults, which trap/entry.S sends straight to
 * their handlers. */
void trap_handler(struct trap_frame *f);
/* Where new processes begin: restores the frame at sp (trap/entry.S). */
void trap_return(void);

/* Hooks implemented by the process layer. */
/* A page fault from user mode (trap/entry.S calls it directly). */
void user_page_fault(struct trap_frame *f);
/* Any other exception from user mode. */
void user_exception(struct trap_frame *f);
void preempt_on_tick(void);
/* Last stop before returning to user mode: whether a signal needs acting on; the caller
 * then completes the frame (s0..s11) and calls signal_handle (kernel/signal.h). */
int user_return_check(void);
void signal_handle(struct trap_frame *f);
/* A kernel access to user memory at addr faulted: fault the page in if the current
 * process may have it. Returns 0 if the access can be retried. */
int user_fault_from_kernel(uint64_t addr, uint64_t scause);
#endif

#endif
