/* Spinning reader-writer locks that check how they are used, as kernel/spinlock.h does:
 * any number of harts may hold one shared, or one hart exclusive. For data read often on
 * several harts at once and changed rarely, where nothing under the lock sleeps: the
 * address-space lock (mm/uvm.h), shared by page faults and exclusive for the calls that
 * change the ranges (docs/locking.md).
 *
 * The lock knows its holders: the exclusive owner (a struct cpu) and the set of harts
 * holding it shared (one bit per struct cpu index), and each hart keeps the rwlocks it
 * holds with the place each was taken (struct cpu's rw_held). So taking it a second time
 * on one hart, in either mode (a shared hold taken again would deadlock against a writer
 * waiting between the two), releasing it in a mode this hart does not hold it in, and
 * switching away or taking a sleeplock with it held are panics naming the lock and both
 * places.
 *
 * Writers come first: a writer announces itself (owner set), so that no new reader gets
 * in, then waits for the readers inside to leave. A reader sets its bit and then looks
 * for a writer, a writer sets the owner and then looks at the readers, each with a
 * sequentially consistent operation, so at least one of the two sees the other (the
 * reader then takes its bit back and waits). Host builds (HOST_TEST: the tests of mm/ run
 * one thread) get versions that only record whether the lock is held. */
#ifndef KERNEL_RWLOCK_H
#define KERNEL_RWLOCK_H
#include <stdint.h>

#ifdef HOST_TEST
struct rwlock {
	int writer, readers;
	const char *name;
};

#define RWLOCK_INIT(n) { .name = (n) }

static inline int rw_holding(const struct rwlock *l) { return l->writer || l->readers; }
static inline int rw_holding_exclusive(const struct rwlock *l) { return l->writer; }
static inline void rw_lock_exclusive(struct rwlock *l) { l->writer = 1; }
static inline void rw_unlock_exclusive(struct rwlock *l) { l->writer = 0; }
static inline void rw_lock_shared(struct rwlock *l) { l->readers++; }
static inline void rw_unlock_shared(struct rwlock *l) { l->readers--; }
#else
#include "kernel/cpu.h"
#include "kernel/spinlock.h"
#include "kernel/spin_wait.h"

struct rwlock {
	struct cpu *writer;   /* the hart holding it exclusive or waiting for the readers */
	uint64_t readers;     /* harts holding it shared: bit i is cpus[i] */
	const char *name;
};

#define RWLOCK_INIT(n) { .name = (n) }

/* The reports (kernel/rwlock.c). */
__attribute__((noreturn)) void rw_report_taken_twice(const struct rwlock *l, void *pc);
__attribute__((noreturn)) void rw_report_not_held_shared(const struct rwlock *l, void *pc);
__attribute__((noreturn)) void rw_report_not_held_exclusive(const struct rwlock *l, void *pc);
__attribute__((noreturn)) void rw_report_too_many(const struct rwlock *l, void *pc);
/* Panics, naming what was called from where, if this hart holds any rwlock (sched(),
 * sleeplocks, the scheduler loop). */
void rw_check_none_held(const char *what, void *caller);

/* This hart's list of held rwlocks (struct cpu's rw_held): a push when one is taken, and
 * its removal when released, usually the last one. */
SPIN_INLINE void rw_note_held(struct rwlock *l, void *pc)
{
	struct cpu *c = this_cpu();

	if (c->rw_nheld == MAX_RWLOCKS_HELD)
		SPIN_REPORT(rw_report_too_many, l, pc);
	c->rw_held[c->rw_nheld].lock = l;
	c->rw_held[c->rw_nheld].pc = pc;
	c->rw_nheld++;
}

SPIN_INLINE void rw_note_released(struct rwlock *l)
{
	struct cpu *c = this_cpu();
	int i = c->rw_nheld - 1;

	while (i > 0 && c->rw_held[i].lock != l)
		i--;
	for (; i < c->rw_nheld - 1; i++)
		c->rw_held[i] = c->rw_held[i + 1];
	c->rw_nheld--;
}

/* Whether this hart holds l exclusive, shared, or either way. */
SPIN_INLINE int rw_holding_exclusive(const struct rwlock *l)
{
	return *(struct cpu *volatile const *)&l->writer == this_cpu();
}

SPIN_INLINE int rw_holding_shared(const struct rwlock *l)
{
	return (__atomic_load_n(&l->readers, __ATOMIC_RELAXED) >> this_cpu()->index) & 1;
}

SPIN_INLINE int rw_holding(const struct rwlock *l)
{
	return rw_holding_exclusive(l) || rw_holding_shared(l);
}

SPIN_INLINE void rw_lock_exclusive(struct rwlock *l)
{
	struct cpu *c = this_cpu(), *none = NULL;
	void *pc = spin_call_site();

	if (rw_holding(l))
		SPIN_REPORT(rw_report_taken_twice, l, pc);
	/* Each wait answers other harts and yields (kernel/spin_wait.h): a reader may be
	 * waiting for this hart's answer to its TLB flush before it can leave. */
	unsigned spins = 0;
	while (!__atomic_compare_exchange_n(&l->writer, &none, c, 0, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED)) {
		none = NULL;
		spin_wait_relax(&spins);
	}
	while (__atomic_load_n(&l->readers, __ATOMIC_SEQ_CST))
		spin_wait_relax(&spins);
	rw_note_held(l, pc);
}

SPIN_INLINE void rw_unlock_exclusive(struct rwlock *l)
{
	if (!rw_holding_exclusive(l))
		SPIN_REPORT(rw_report_not_held_exclusive, l, spin_call_site());
	rw_note_released(l);
	__atomic_store_n(&l->writer, NULL, __ATOMIC_RELEASE);
}

SPIN_INLINE void rw_lock_shared(struct rwlock *l)
{
	uint64_t bit = 1UL << this_cpu()->index;
	void *pc = spin_call_site();

	if (rw_holding(l))
		SPIN_REPORT(rw_report_taken_twice, l, pc);
	/* A writer may be waiting for this hart's answer to its TLB flush: the wait answers
	 * other harts and yields (kernel/spin_wait.h). */
	unsigned spins = 0;
	for (;;) {
		while (__atomic_load_n(&l->writer, __ATOMIC_RELAXED))
			spin_wait_relax(&spins);
		__atomic_fetch_or(&l->readers, bit, __ATOMIC_SEQ_CST);
		if (!__atomic_load_n(&l->writer, __ATOMIC_SEQ_CST))
			break;
		__atomic_fetch_and(&l->readers, ~bit, __ATOMIC_RELAXED);   /* a writer is first */
	}
	rw_note_held(l, pc);
}

SPIN_INLINE void rw_unlock_shared(struct rwlock *l)
{
	if (!rw_holding_shared(l))
		SPIN_REPORT(rw_report_not_held_shared, l, spin_call_site());
	rw_note_released(l);
	__atomic_fetch_and(&l->readers, ~(1UL << this_cpu()->index), __ATOMIC_RELEASE);
}
#endif

#endif
