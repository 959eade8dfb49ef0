/* Spinlocks that check how they are used (see kernel/spinlock.h). Out of line, so that
 * __builtin_return_address(0) is the caller that took or released the lock. */
#include <stddef.h>
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "riscv/csr.h"

int spin_holding(const struct spinlock *l)
{
	/* Only this hart ever stores itself as the owner, and it clears that before it
	 * unlocks, so seeing itself there means it holds the lock. */
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == this_cpu();
}

static void note_held(struct cpu *c, struct spinlock *l)
{
	if (c->nlocks < MAX_LOCKS_HELD)
		c->locks_held[c->nlocks] = l;
	c->nlocks++;
}

/* Locks can be released in any order: close the gap l leaves in the list. */
static void note_released(struct cpu *c, const struct spinlock *l)
{
	int n = c->nlocks < MAX_LOCKS_HELD ? c->nlocks : MAX_LOCKS_HELD;
	int i = 0;

	while (i < n && c->locks_held[i] != l)
		i++;
	for (; i + 1 < n; i++)
		c->locks_held[i] = c->locks_held[i + 1];
	c->nlocks--;
}

static void acquire(struct spinlock *l, void *pc)
{
	struct cpu *c = this_cpu();

	if (spin_holding(l))
		panic("spinlock \"%s\" taken twice on hart %u: held since %pS, taken again at %pS",
		      l->name, c->hartid, l->pc, pc);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
	__atomic_store_n(&l->owner, c, __ATOMIC_RELAXED);
	l->pc = pc;
	note_held(c, l);
}

static void release_unheld(const struct spinlock *l, void *pc)
{
	struct cpu *owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	uint32_t hart = this_cpu()->hartid;

	if (owner)
		panic("spinlock \"%s\" released at %pS by hart %u, which does not hold it: "
		      "hart %u does, since %pS", l->name, pc, hart, owner->hartid, l->pc);
	panic("spinlock \"%s\" released at %pS by hart %u, which does not hold it: "
	      "nobody does (last taken at %pS)", l->name, pc, hart, l->pc);
}

static void release(struct spinlock *l, void *pc)
{
	if (!spin_holding(l))
		release_unheld(l, pc);
	note_released(this_cpu(), l);
	__atomic_store_n(&l->owner, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

void spin_lock(struct spinlock *l)
{
	acquire(l, __builtin_return_address(0));
}

void spin_unlock(struct spinlock *l)
{
	release(l, __builtin_return_address(0));
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(flags) : "r"(SSTATUS_SIE) : "memory");
	acquire(l, __builtin_return_address(0));
	return flags & SSTATUS_SIE;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	release(l, __builtin_return_address(0));
	if (flags)
		__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void spin_check_only_held(const struct spinlock *l, const char *what, void *caller)
{
	struct cpu *c = this_cpu();
	int n = c->nlocks < MAX_LOCKS_HELD ? c->nlocks : MAX_LOCKS_HELD;

	for (int i = 0; i < n; i++)
		if (c->locks_held[i] != l)
			panic("%s called from %pS with spinlock \"%s\" held (taken at %pS)", what,
			      caller, c->locks_held[i]->name, c->locks_held[i]->pc);
	if (!spin_holding(l))
		panic("%s called from %pS without spinlock \"%s\"", what, caller, l->name);
	if (c->nlocks != 1)
		panic("%s called from %pS with %d spinlocks held", what, caller, c->nlocks);
}
