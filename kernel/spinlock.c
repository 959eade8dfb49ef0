/* The reports of kernel/spinlock.h, and the bookkeeping its inline paths leave out. */
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"

void spin_report_taken_twice(const struct spinlock *l, void *pc)
{
	panic("spinlock \"%s\" taken twice on hart %u: held since %pS, taken again at %pS",
	      l->name, this_cpu()->hartid, l->pc, pc);
}

void spin_report_not_held(const struct spinlock *l, void *pc)
{
	struct cpu *owner = *(struct cpu *volatile const *)&l->owner;
	uint32_t hart = this_cpu()->hartid;

	if (owner)
		panic("spinlock \"%s\" released at %pS by hart %u, which does not hold it: "
		      "hart %u does, since %pS", l->name, pc, hart, owner->hartid, l->pc);
	panic("spinlock \"%s\" released at %pS by hart %u, which does not hold it: "
	      "nobody does (last taken at %pS)", l->name, pc, hart, l->pc);
}

/* A release out of order: unlink l from this hart's list. The walk is bounded: after a
 * panic forced printk's lock open (printk_panic_unlock), the list may loop. */
void spin_forget_held(struct cpu *c, const struct spinlock *l)
{
	struct spinlock **link = &c->locks_held;

	for (int i = 0; *link && i < MAX_LOCKS_HELD; i++, link = &(*link)->next_held) {
		if (*link == l) {
			*link = l->next_held;
			return;
		}
	}
}

void spin_check_only_held(const struct spinlock *l, const char *what, void *caller)
{
	const struct spinlock *other = this_cpu()->locks_held;

	if (other == l)
		other = l->next_held;
	if (other)
		panic("%s called from %pS with spinlock \"%s\" held (taken at %pS)", what, caller,
		      other->name, other->pc);
	if (!spin_holding(l))
		panic("%s called from %pS without spinlock \"%s\"", what, caller, l->name);
}
