/* Per-hart state (see kernel/cpu.h). */
#include <stddef.h>
#include "kernel/cpu.h"

_Static_assert(offsetof(struct cpu, scratch) == CPU_SCRATCH0, "cpu layout");
_Static_assert(offsetof(struct cpu, scratch) + 8 == CPU_SCRATCH1, "cpu layout");
_Static_assert(offsetof(struct cpu, stack_lo) == CPU_STACK_LO, "cpu layout");
_Static_assert(offsetof(struct cpu, emergency_sp) == CPU_EMERGENCY_SP, "cpu layout");
_Static_assert(offsetof(struct cpu, stack_hi) == CPU_STACK_HI, "cpu layout");
_Static_assert(offsetof(struct cpu, current) == CPU_CURRENT, "cpu layout");
_Static_assert(offsetof(struct cpu, user_since) == CPU_USER_SINCE, "cpu layout");
_Static_assert(offsetof(struct cpu, user_ticks) == CPU_USER_TICKS, "cpu layout");

_Static_assert(sizeof(struct cpu) % CACHE_LINE == 0, "one struct cpu per cache line");
_Static_assert(MAX_CPUS <= 64, "a set of harts is one 64-bit mask");

struct cpu cpus[MAX_CPUS];

/* The boot hart's stack for reporting a kernel stack overflow (the faulting stack is
 * unusable); kernel/smp.c gives each other hart a page of its own. */
static char boot_emergency_stack[4096] __attribute__((aligned(16)));

void cpu_init_this(int index, uint32_t hartid)
{
	struct cpu *c = &cpus[index];

	c->index = index;
	c->hartid = hartid;
	c->emergency_sp = (uint64_t)&boot_emergency_stack[sizeof(boot_emergency_stack)];
	__asm__ volatile("mv tp, %0" ::"r"(c));
}
