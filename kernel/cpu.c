/* Per-hart state (see kernel/cpu.h). */
#include <stddef.h>
#include "kernel/cpu.h"

_Static_assert(offsetof(struct cpu, kernel_sp) == CPU_KERNEL_SP, "cpu layout");
_Static_assert(offsetof(struct cpu, scratch) == CPU_SCRATCH0, "cpu layout");
_Static_assert(offsetof(struct cpu, scratch) + 8 == CPU_SCRATCH1, "cpu layout");
_Static_assert(offsetof(struct cpu, stack_lo) == CPU_STACK_LO, "cpu layout");
_Static_assert(offsetof(struct cpu, emergency_sp) == CPU_EMERGENCY_SP, "cpu layout");
_Static_assert(offsetof(struct cpu, user_since) == CPU_USER_SINCE, "cpu layout");
_Static_assert(offsetof(struct cpu, user_ticks) == CPU_USER_TICKS, "cpu layout");

struct cpu cpus[MAX_CPUS];
uint64_t cpu_online_mask;

/* Per-hart stacks for reporting a kernel stack overflow: the faulting stack is unusable. */
static char emergency_stacks[MAX_CPUS][4096] __attribute__((aligned(16)));

void cpu_init_this(int index, uint32_t hartid)
{
	struct cpu *c = &cpus[index];

	c->index = index;
	c->hartid = hartid;
	c->emergency_sp = (uint64_t)&emergency_stacks[index][sizeof(emergency_stacks[index])];
	__asm__ volatile("mv tp, %0" ::"r"(c));
	__atomic_fetch_or(&cpu_online_mask, 1UL << index, __ATOMIC_SEQ_CST);
}
