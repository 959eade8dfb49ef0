/* Trap dispatch (trap/trap.c) and the hooks it calls. */
#ifndef TRAP_TRAP_H
#define TRAP_TRAP_H
#include "trap/frame.h"

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_SUM  (1UL << 18)

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
/* Last stop before returning to user mode: acts on a pending kill. */
void user_return_check(void);
/* A kernel access to user memory at addr faulted: fault the page in if the current
 * process may have it. Returns 0 if the access can be retried. */
int user_fault_from_kernel(uint64_t addr, uint64_t scause);
#endif

#endif
