/* The reports of kernel/spinlock.h and the scheduler's check of what is held. */
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
