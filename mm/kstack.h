/* Kernel stacks in their own area of the kernel address space, each with an unmapped
 * guard page below it, so an overflow faults instead of corrupting memory. */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H
#include <stdint.h>

#define KSTACK_PAGES 4
#define KSTACK_SIZE (KSTACK_PAGES * PAGE_SIZE)

struct kstack {
	uint64_t lo;   /* lowest address (the guard page is just below) */
	uint64_t hi;   /* top: the initial stack pointer */
	/* The harts that flushed their TLB for this stack before first touching it (bit i:
	 * cpus[i]): the allocating hart (kstack_alloc), and each hart before it first runs
	 * the owner (kernel/sched.c run). mm/kstack.c says why. */
	uint64_t cpus;
};

/* Returns 0 or -ENOMEM. */
int kstack_alloc(struct kstack *ks);
void kstack_free(struct kstack *ks);

#endif
