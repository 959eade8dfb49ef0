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
 * for a writer, a writer sets the owner and then looks at the readers, each with its
 * store ordered before its load (the comments below say how), so at least one of the
 * two sees the other (the reader then takes its bit back and waits). Host builds
 * (HOST_TEST: the tests of mm/ run one thread) get versions that only record whether
 * the lock is held. */
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

/* This hart's (c's) list of held rwlocks (struct cpu's rw_held): a push when one is
 * taken, and its removal when released: a pop when it is the last one taken, as it nearly
 * always is, else rw_note_released_below (kernel/rwlock.c) finds it below. The lock
 * functions look up this hart once (this_cpu() is volatile, so every use reloads it); a
 * hart holding an rwlock never switches away, so c stays this hart's. */
void rw_note_released_below(struct rwlock *l);

SPIN_INLINE void rw_note_held(struct cpu *c, struct rwlock *l, void *pc)
{
	if (c->rw_nheld == MAX_RWLOCKS_HELD)
		SPIN_REPORT(rw_report_too_many, l, pc);
	c->rw_held[c->rw_nheld].lock = l;
	c->rw_held[c->rw_nheld].pc = pc;
	c->rw_nheld++;
}

SPIN_INLINE void rw_note_released(struct cpu *c, struct rwlock *l)
{
	if (c->rw_held[c->rw_nheld - 1].lock == l)
		c->rw_nheld--;
	else
		rw_note_released_below(l);
}

/* Whether hart c holds l exclusive; whether the hart of bit holds it shared. */
SPIN_INLINE int rw_held_exclusive_by(const struct rwlock *l, const struct cpu *c)
{
	return *(struct cpu *volatile const *)&l->writer == c;
}

SPIN_INLINE int rw_held_shared_by(const struct rwlock *l, uint64_t bit)
{
	return (__atomic_load_n(&l->readers, __ATOMIC_RELAXED) & bit) != 0;
}

SPIN_INLINE uint64_t rw_reader_bit(const struct cpu *c)
{
	return 1UL << c->index;
}

/* Whether this hart holds l exclusive, shared, or either way. */
SPIN_INLINE int rw_holding_exclusive(const struct rwlock *l)
{
	return rw_held_exclusive_by(l, this_cpu());
}

SPIN_INLINE int rw_holding_shared(const struct rwlock *l)
{
	return rw_held_shared_by(l, rw_reader_bit(this_cpu()));
}

SPIN_INLINE int rw_holding(const struct rwlock *l)
{
	struct cpu *c = this_cpu();

	return rw_held_exclusive_by(l, c) || rw_held_shared_by(l, rw_reader_bit(c));
}

SPIN_INLINE void rw_lock_exclusive(struct rwlock *l)
{
	struct cpu *c = this_cpu(), *none = NULL;
	void *pc = spin_call_site();

	if (rw_held_exclusive_by(l, c) || rw_held_shared_by(l, rw_reader_bit(c)))
		SPIN_REPORT(rw_report_taken_twice, l, pc);
	/* Each wait answers other harts and yields (kernel/spin_wait.h): a reader may be
	 * waiting for this hart's answer to its TLB flush before it can leave. */
	unsigned spins = 0;
	while (!__atomic_compare_exchange_n(&l->writer, &none, c, 0, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		none = NULL;
		spin_wait_relax(&spins);
	}
	/* The compare-and-swap is an LR/SC pair, and nothing orders an SC's store before
	 * the hart's later loads but a fence (RISC-V unprivileged spec, RVWMO preserved
	 * program order: no annotation rule covers a store followed by a load): the fence
	 * makes the owner visible to every reader before the readers are looked at. The
	 * loads acquire what the last readers released with their bits. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (__atomic_load_n(&l->readers, __ATOMIC_ACQUIRE))
		spin_wait_relax(&spins);
	rw_note_held(c, l, pc);
}

SPIN_INLINE void rw_unlock_exclusive(struct rwlock *l)
{
	struct cpu *c = this_cpu();

	if (!rw_held_exclusive_by(l, c))
		SPIN_REPORT(rw_report_not_held_exclusive, l, spin_call_site());
	rw_note_released(c, l);
	__atomic_store_n(&l->writer, NULL, __ATOMIC_RELEASE);
}

/* A reader that found a writer: takes its bit back, waits and tries again
 * (kernel/rwlock.c). */
void rw_wait_shared(struct rwlock *l, uint64_t bit);

SPIN_INLINE void rw_lock_shared(struct rwlock *l)
{
	struct cpu *c = this_cpu();
	uint64_t bit = rw_reader_bit(c);
	void *pc = spin_call_site();

	if (rw_held_exclusive_by(l, c) || rw_held_shared_by(l, bit))
		SPIN_REPORT(rw_report_taken_twice, l, pc);
	/* The AMO is a single memory operation, and its acquire annotation puts it before
	 * every later memory operation of this hart in the global memory order (RISC-V
	 * unprivileged spec, RVWMO preserved program order rule 5): the bit is visible to a
	 * writer before writer is loaded, with no fence between them. The load acquires
	 * (a fence r,rw after it), so that finding no writer also means seeing everything
	 * the last writer released: the AMO alone would let this hart's later loads come
	 * before the load of writer. */
	__atomic_fetch_or(&l->readers, bit, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&l->writer, __ATOMIC_ACQUIRE))
		rw_wait_shared(l, bit);
	rw_note_held(c, l, pc);
}

SPIN_INLINE void rw_unlock_shared(struct rwlock *l)
{
	struct cpu *c = this_cpu();
	uint64_t bit = rw_reader_bit(c);

	if (!rw_held_shared_by(l, bit))
		SPIN_REPORT(rw_report_not_held_shared, l, spin_call_site());
	rw_note_released(c, l);
	__atomic_fetch_and(&l->readers, ~bit, __ATOMIC_RELEASE);
}
#endif

#endif
