/* CPU affinity. User processes run on one hart (the boot hart), which is CPU 0 to
 * user space: sched_getaffinity's mask is {0}, as Linux's is on a one-CPU machine. */
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* The CPUs processes run on: Linux's nr_cpu_ids. */
#define NR_USER_CPUS 1

/* sched_getaffinity(pid, len, mask): as Linux, len must hold NR_USER_CPUS bits and be
 * a multiple of sizeof(long) (EINVAL); pid 0 is the caller, another pid must exist
 * (ESRCH). Writes one long (the mask of every CPU, rounded up to longs) and returns the
 * bytes written; glibc clears the rest of the caller's cpu_set_t. */
long sys_sched_getaffinity(uint64_t pid, uint64_t len, uint64_t mask, uint64_t a3,
			   uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	uint64_t bits = (1UL << NR_USER_CPUS) - 1;

	if (len * 8 < NR_USER_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if ((int)pid < 0)
		return -ESRCH;
	if (pid != 0) {
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		struct proc *p = proc_find((int)pid);
		spin_unlock_irqrestore(&proc_lock, flags);
		if (!p)
			return -ESRCH;
	}
	long r = copy_to_user(mask, &bits, sizeof(bits));
	return r < 0 ? r : (long)sizeof(bits);
}
