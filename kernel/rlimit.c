/* Resource limits (getrlimit(2), setrlimit(2), prlimit64(2); Linux kernel/sys.c
 * do_prlimit). Every process runs as root, so raising a hard limit is allowed
 * (CAP_SYS_RESOURCE), and RLIMIT_MEMLOCK limits nothing (mm/mlock.c). Enforced: RLIMIT_AS
 * and RLIMIT_DATA by the address space (mm/mmap.c), RLIMIT_STACK by exec's stack range,
 * RLIMIT_NOFILE by the descriptor calls, RLIMIT_NPROC by fork. The rest are kept and
 * reported only. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"

void rlimit_init(struct proc *p)
{
	for (int r = 0; r < RLIM_NLIMITS; r++)
		p->tg->rlim[r] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	/* Linux's INIT_RLIMITS: an 8 MiB stack, 8 MiB of locked memory; the descriptor
	 * table's size; as many processes as the table holds. */
	p->tg->rlim[RLIMIT_STACK].rlim_cur = USER_STACK_SIZE;
	p->tg->rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8UL << 20, 8UL << 20 };
	p->tg->rlim[RLIMIT_NOFILE] = (struct rlimit){ NOFILE, NOFILE };
	p->tg->rlim[RLIMIT_NPROC] = (struct rlimit){ NPROC, NPROC };
}

uint64_t rlimit(const struct proc *p, int resource)
{
	return p->tg->rlim[resource].rlim_cur;
}

int rlimit_nofile(void)
{
	uint64_t n = rlimit(current_proc(), RLIMIT_NOFILE);
	return n < NOFILE ? (int)n : NOFILE;
}

void rlimit_to_mm(struct proc *p)
{
	if (!p->mm)
		return;
	p->mm->limit_as = rlimit(p, RLIMIT_AS);
	p->mm->limit_data = rlimit(p, RLIMIT_DATA);
}

long rlimit_prlimit(int pid, int resource, const struct rlimit *new, struct rlimit *old)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	/* The table cannot grow past NOFILE (Linux: past fs.nr_open, EPERM). */
	if (new && resource == RLIMIT_NOFILE && new->rlim_max > NOFILE)
		return -EPERM;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = pid ? proc_find(pid) : current_proc();
	if (!p || p->state == PROC_ZOMBIE) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -ESRCH;
	}
	if (old)
		*old = p->tg->rlim[resource];
	if (new) {
		p->tg->rlim[resource] = *new;
		rlimit_to_mm(p);
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return 0;
}
