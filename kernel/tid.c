/* The thread-id addresses of clone (CLONE_PARENT_SETTID, CLONE_CHILD_SETTID,
 * CLONE_CHILD_CLEARTID) and set_tid_address, with Linux's meaning. glibc's fork passes
 * CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID with the address of its thread's tid. */
#include "abi/errno.h"
#include "abi/futex.h"
#include "abi/sched.h"
#include "kernel/futex.h"
#include "kernel/proc.h"
#include "mm/usercopy.h"

/* Stores tid at addr in mm as a store by the program itself would: only where it may
 * write, copying a copy-on-write page first. mm need not be the active address space. */
static int store_tid(struct mm *mm, uint64_t addr, int tid)
{
	uint64_t last = addr + sizeof(tid) - 1;

	if (!user_range_ok(addr, sizeof(tid)))
		return -EFAULT;
	mm_lock_shared(mm);
	int err = uvm_fault(mm, addr, FAULT_WRITE);
	if (!err && PAGE_ROUND_DOWN(last) != PAGE_ROUND_DOWN(addr))
		err = uvm_fault(mm, last, FAULT_WRITE);
	if (!err)
		err = uvm_write(mm, addr, &tid, sizeof(tid));
	mm_unlock_shared(mm);
	return err;
}

/* The tid stores of clone, as Linux makes them (kernel/fork.c): CLONE_CHILD_SETTID in
 * the child's memory before it first runs (schedule_tail), CLONE_PARENT_SETTID in the
 * parent's after the copy (kernel_clone), so a forked child does not see it. Linux
 * ignores a bad address in either; so does this. */
void clone_store_tids(struct proc *child, uint64_t flags, uint64_t parent_tid,
		      uint64_t child_tid)
{
	int tid = child->pid;

	if (flags & CLONE_CHILD_SETTID)
		store_tid(child->mm, child_tid, tid);
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(parent_tid, &tid, sizeof(tid));
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = child_tid;
}

/* A thread given an address by CLONE_CHILD_CLEARTID or set_tid_address writes 0 there
 * when it leaves an address space others still use (its other threads, a vfork parent),
 * and futex-wakes one waiter there, so they can tell it is gone: pthread_join waits so
 * (Linux mm_release, kernel/fork.c). A bad address is ignored, as Linux does. */
void proc_clear_child_tid(void)
{
	struct proc *p = current_proc();
	int zero = 0;

	if (p->clear_child_tid && __atomic_load_n(&p->mm->users, __ATOMIC_RELAXED) > 1 &&
	    !copy_to_user(p->clear_child_tid, &zero, sizeof(zero)))
		futex_wake(p->clear_child_tid, 0, 1, FUTEX_BITSET_MATCH_ANY);
	p->clear_child_tid = 0;
}
