/* CPU affinity and the running CPU: sched_setaffinity(2), sched_getaffinity(2) and
 * getcpu(2). A CPU number is an index into cpus[] (kernel/cpu.h): 0 is the boot hart,
 * then the harts in the order they were started (/proc/cpuinfo lists them so, and the
 * boot log's "smp:" line). With MAX_CPUS at 64 a CPU mask is one long, Linux's
 * cpumask_size() for such a kernel. */
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

#define CPUMASK_BYTES ((uint64_t)sizeof(uint64_t))

/* The process a pid names for these calls: 0 is the caller (proc_lock held). */
static struct proc *target(uint64_t pid)
{
	if ((int)pid < 0)
		return NULL;
	return pid ? proc_find((int)pid) : current_proc();
}

/* sched_getaffinity(pid, len, mask): as Linux, len must hold a bit for every CPU
 * (nr_cpu_ids: the harts online) and be a multiple of sizeof(long) (EINVAL); pid 0 is
 * the caller, another pid must exist (ESRCH). Writes one long and returns the bytes
 * written; glibc clears the rest of the caller's cpu_set_t. */
long sys_sched_getaffinity(uint64_t pid, uint64_t len, uint64_t mask, uint64_t a3,
			   uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	uint64_t bits = 0;

	if (len * 8 < (uint64_t)smp_ncpus || (len & (sizeof(long) - 1)))
		return -EINVAL;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = target(pid);
	if (p)
		bits = p->cpus_allowed & smp_online_mask;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (!p)
		return -ESRCH;
	long r = copy_to_user(mask, &bits, sizeof(bits));
	return r < 0 ? r : (long)CPUMASK_BYTES;
}

/* sched_setaffinity(pid, len, mask): as Linux, a shorter mask is zero-extended and a
 * longer one cut to the kernel's CPUs (get_user_cpu_mask); a mask without an online
 * CPU is EINVAL; pid 0 is the caller, another must exist (ESRCH). The process moves off
 * a CPU it may no longer use: the caller at once, another process when it next gives
 * up its CPU (at the latest at its next tick). Inherited by fork, kept by execve. */
long sys_sched_setaffinity(uint64_t pid, uint64_t len, uint64_t mask, uint64_t a3,
			   uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	uint64_t bits = 0;

	if (copy_from_user(&bits, mask, len < CPUMASK_BYTES ? len : CPUMASK_BYTES) < 0)
		return -EFAULT;
	bits &= smp_online_mask;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = target(pid);
	long r = !p ? -ESRCH : !bits ? -EINVAL : 0;
	if (!r)
		p->cpus_allowed = bits;
	if (!r && p == current_proc() && !(bits & (1UL << this_cpu()->index))) {
		proc_make_runnable(p);
		sched();
	} else if (!r && p->state == PROC_RUNNABLE) {
		sched_kick(p);   /* the hart told of it before may no longer run it */
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* getcpu(cpu, node, tcache): the CPU the caller runs on (it may run elsewhere by the
 * time it looks) and its NUMA node, always 0; either pointer may be NULL; the cache
 * argument is unused since Linux 2.6.24. */
long sys_getcpu(uint64_t cpu, uint64_t node, uint64_t tcache, uint64_t a3, uint64_t a4,
		uint64_t a5)
{
	(void)tcache, (void)a3, (void)a4, (void)a5;
	uint32_t index = (uint32_t)this_cpu()->index, zero = 0;

	if (cpu && copy_to_user(cpu, &index, sizeof(index)) < 0)
		return -EFAULT;
	if (node && copy_to_user(node, &zero, sizeof(zero)) < 0)
		return -EFAULT;
	return 0;
}
