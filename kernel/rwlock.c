/* The reports of kernel/rwlock.h. */
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/rwlock.h"

/* Where this hart took l, from its list of held rwlocks (NULL if it is not there). */
static void *held_at(const struct rwlock *l)
{
	struct cpu *c = this_cpu();

	for (int i = 0; i < c->rw_nheld && i < MAX_RWLOCKS_HELD; i++)
		if (c->rw_held[i].lock == l)
			return c->rw_held[i].pc;
	return NULL;
}

void rw_report_taken_twice(const struct rwlock *l, void *pc)
{
	panic("rwlock \"%s\" taken twice on hart %u: held %s since %pS, taken again at %pS",
	      l->name, this_cpu()->hartid, rw_holding_exclusive(l) ? "exclusive" : "shared",
	      held_at(l), pc);
}

void rw_report_not_held_shared(const struct rwlock *l, void *pc)
{
	panic("rwlock \"%s\" released shared at %pS by hart %u, which does not hold it shared%s",
	      l->name, pc, this_cpu()->hartid,
	      rw_holding_exclusive(l) ? " (it holds it exclusive)" : "");
}

void rw_report_not_held_exclusive(const struct rwlock *l, void *pc)
{
	struct cpu *owner = *(struct cpu *volatile const *)&l->writer;

	if (owner)
		panic("rwlock \"%s\" released exclusive at %pS by hart %u, which does not hold it "
		      "exclusive: hart %u does", l->name, pc, this_cpu()->hartid, owner->hartid);
	panic("rwlock \"%s\" released exclusive at %pS by hart %u, which does not hold it "
	      "exclusive: nobody does%s", l->name, pc, this_cpu()->hartid,
	      rw_holding_shared(l) ? " (it holds it shared)" : "");
}

void rw_report_too_many(const struct rwlock *l, void *pc)
{
	panic("rwlock \"%s\" taken at %pS on hart %u, which already holds %d (first \"%s\" "
	      "since %pS)", l->name, pc, this_cpu()->hartid, MAX_RWLOCKS_HELD,
	      this_cpu()->rw_held[0].lock->name, this_cpu()->rw_held[0].pc);
}

void rw_check_none_held(const char *what, void *caller)
{
	struct cpu *c = this_cpu();

	if (c->rw_nheld)
		panic("%s called from %pS with rwlock \"%s\" held (taken at %pS)", what, caller,
		      c->rw_held[c->rw_nheld - 1].lock->name, c->rw_held[c->rw_nheld - 1].pc);
}

void rw_note_released_below(struct rwlock *l)
{
	struct cpu *c = this_cpu();
	int i = c->rw_nheld - 1;

	while (i > 0 && c->rw_held[i].lock != l)
		i--;
	for (; i < c->rw_nheld - 1; i++)
		c->rw_held[i] = c->rw_held[i + 1];
	c->rw_nheld--;
}

void rw_wait_shared(struct rwlock *l, uint64_t bit)
{
	/* A writer may be waiting for this hart's answer to its TLB flush: the wait answers
	 * other harts and yields (kernel/spin_wait.h). */
	unsigned spins = 0;
	do {
		__atomic_fetch_and(&l->readers, ~bit, __ATOMIC_RELAXED);   /* a writer is first */
		while (__atomic_load_n(&l->writer, __ATOMIC_RELAXED))
			spin_wait_relax(&spins);
		__atomic_fetch_or(&l->readers, bit, __ATOMIC_ACQUIRE);   /* as rw_lock_shared */
	} while (__atomic_load_n(&l->writer, __ATOMIC_ACQUIRE));
}
