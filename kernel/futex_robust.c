/* Robust futexes (set_robust_list(2), get_robust_list(2)): each thread registers a list
 * of the robust mutexes it holds; when it exits, the kernel marks every one whose word
 * still names it FUTEX_OWNER_DIED and wakes a waiter, so that the next locker learns
 * the owner died (EOWNERDEAD) instead of waiting forever (Linux exit_robust_list,
 * handle_futex_death; Documentation/locking/robust-futex-ABI.rst). */
#include "abi/errno.h"
#include "abi/futex.h"
#include "kernel/futex.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* The futex at uaddr belonged to the exiting thread tid: mark it, wake one waiter. */
static void futex_death(uint64_t uaddr, int tid)
{
	uint32_t *word = futex_word(uaddr);

	if (!word)
		return;   /* a bad address: the list is the program's, Linux ignores it too */
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);
	do {
		if ((old & FUTEX_TID_MASK) != (uint32_t)tid) {
			futex_word_done();
			return;
		}
	} while (!__atomic_compare_exchange_n(word, &old,
					      (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	futex_word_done();
	if (old & FUTEX_WAITERS)
		futex_wake(uaddr, 0, 1, FUTEX_BITSET_MATCH_ANY);
}

/* An entry pointer's bit 0 says the futex is PI; the entry is the rest. */
static int read_entry(uint64_t uaddr, uint64_t *entry)
{
	return copy_from_user(entry, uaddr, sizeof(*entry)) ? -EFAULT : 0;
}

void futex_exit_robust_list(struct proc *p)
{
	uint64_t head_addr = p->robust_list;
	struct robust_list_head head;
	uint64_t entry, next;

	p->robust_list = 0;
	if (!head_addr || copy_from_user(&head, head_addr, sizeof(head)))
		return;
	uint64_t pending = head.list_op_pending & ~1UL;
	entry = head.list;
	/* Bounded: a corrupt or circular list must not keep the thread from exiting. */
	for (int n = 0; (entry & ~1UL) != head_addr && n < ROBUST_LIST_LIMIT; n++) {
		if (read_entry(entry & ~1UL, &next))
			return;
		if ((entry & ~1UL) != pending)
			futex_death((entry & ~1UL) + (uint64_t)head.futex_offset, p->pid);
		entry = next;
	}
	if (pending)
		futex_death(pending + (uint64_t)head.futex_offset, p->pid);
}

long sys_set_robust_list(uint64_t head, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4,
			 uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	current_proc()->robust_list = head;
	return 0;
}

/* pid 0: the caller; any thread otherwise (everyone is root: no EPERM). */
long sys_get_robust_list(uint64_t pid, uint64_t uhead, uint64_t ulen, uint64_t a3, uint64_t a4,
			 uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	uint64_t head, len = sizeof(struct robust_list_head);
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = (int)pid ? proc_find((int)pid) : current_proc();

	head = p ? p->robust_list : 0;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (!p)
		return -ESRCH;
	if (copy_to_user(ulen, &len, sizeof(len)) || copy_to_user(uhead, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}
