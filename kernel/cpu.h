/* Per-hart state. In the kernel, tp points at the running hart's struct cpu; while a hart
 * runs user code, the word above the process's trap frame does (trap/frame.h). */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

/* Harts the kernel runs on: a set of them fits one 64-bit mask (struct proc's affinity,
 * kernel/smp.c's online mask). Usable harts beyond it are counted in the boot log. */
#define MAX_CPUS 64
/* Each struct cpu starts a cache line of its own: harts write their own all the time, and
 * two sharing a line would make it bounce between their caches (false sharing). 64 bytes
 * is the line of the U74, the U54 and most RISC-V cores. */
#define CACHE_LINE 64
/* A walk of a hart's list of held spinlocks stops after this many (kernel/spinlock.c). */
#define MAX_LOCKS_HELD 16
/* Reader-writer locks one hart may hold at once (kernel/rwlock.h): more is a panic. */
#define MAX_RWLOCKS_HELD 4

/* Offsets used by trap/entry.S; checked against the struct in kernel/cpu.c. */
#define CPU_SCRATCH0     0
#define CPU_SCRATCH1     8
#define CPU_STACK_LO     16
#define CPU_EMERGENCY_SP 24
#define CPU_STACK_HI     32
#define CPU_USER_SINCE   40
#define CPU_USER_TICKS   48
#define CPU_CURRENT      72

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "mm/pmm_cache.h"

struct proc;
struct context;
struct spinlock;
struct rwlock;

/* The level-0 table this hart's last page fault used (mm/uvm.c fault_pte), so that faults
 * on neighbouring pages skip the walk: valid while mm's tables_gen is still gen. Per hart,
 * so that threads faulting in different places do not take each other's. */
struct fault_cache {
	const void *mm;
	uint64_t gen;
	uint64_t region;         /* the 2 MiB of address space the table maps */
	uint64_t *table;
};

/* A reader-writer lock this hart holds, shared or exclusive, and where it took it. */
struct rwlock_held {
	struct rwlock *lock;
	void *pc;
};

struct cpu {
	uint64_t scratch[2];     /* trap entry spills here before it has a stack */
	uint64_t stack_lo;       /* lowest usable address of the current kernel stack */
	uint64_t emergency_sp;   /* stack for reporting a kernel stack overflow */
	uint64_t stack_hi;       /* top of the current kernel stack (for backtraces) */
	/* User time of the running process (kernel/usage.c): rdtime when trap/entry.S last
	 * returned to user mode, and the ticks spent there since it was switched in. */
	uint64_t user_since;
	uint64_t user_ticks;
	uint32_t hartid;
	int index;
	int in_panic;            /* a fault while reporting a fault must not recurse */
	struct proc *current;    /* NULL when running the scheduler */
	struct context *scheduler_context;
	struct proc *fp_owner;   /* whose values the FP registers hold (riscv/fpu.c) */
	struct mm *active_mm;    /* the address space satp names, NULL: the kernel's (mm/mm_switch.c) */
	struct spinlock *locks_held;   /* the spinlocks this hart holds, newest first */
	struct rwlock_held rw_held[MAX_RWLOCKS_HELD];   /* the rwlocks it holds, oldest first */
	int rw_nheld;
	struct fault_cache fault_cache;
	struct pmm_cache page_cache;   /* free pages page_alloc takes first (mm/page.h) */
	int timer_sstc;          /* this hart programs its timer through stimecmp (trap/timer.c) */
} __attribute__((aligned(CACHE_LINE)));

extern struct cpu cpus[MAX_CPUS];

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mv %0, tp" : "=r"(c));
	return c;
}

/* Makes tp point at cpus[index] and records the hart id. */
void cpu_init_this(int index, uint32_t hartid);
#endif

#endif
