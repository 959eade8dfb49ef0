/* Spinlocks that check how they are used. Each records the hart holding it and where it
 * was taken, and each hart keeps a list of the locks it holds (linked through the locks,
 * newest first), so that a misuse is a panic
 * naming the lock and both places instead of a silent hang (as xv6's holding() and
 * push_off() do): taking a lock this hart already holds, releasing one it does not hold,
 * and switching away while holding a lock the scheduler does not expect (kernel/sched.c).
 * The checks are inline and cheap (about twenty instructions for a lock and its unlock);
 * the reports are out of line (kernel/spinlock.c). Host builds (HOST_TEST) of the pure
 * modules get plain versions without the checks, built on the same GCC atomics. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

struct cpu;

struct spinlock {
	int locked;
	const char *name;
	struct cpu *owner;   /* the hart holding it, NULL when free */
	void *pc;            /* where it was last taken */
	struct spinlock *next_held;   /* the lock its owner took before it */
};

#define SPINLOCK_INIT(n) { .name = (n) }

#ifdef HOST_TEST
static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	spin_lock(l);
	return 0;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	(void)flags;
	spin_unlock(l);
}
#else
#include <stddef.h>
#include "kernel/cpu.h"
#include "riscv/csr.h"

#define SPIN_INLINE static inline __attribute__((always_inline))

/* The reports, and the uncommon bookkeeping (kernel/spinlock.c). */
__attribute__((noreturn)) void spin_report_taken_twice(const struct spinlock *l, void *pc);
__attribute__((noreturn)) void spin_report_not_held(const struct spinlock *l, void *pc);
/* Panics, naming what was called from where, unless this hart holds l and no other lock. */
void spin_check_only_held(const struct spinlock *l, const char *what, void *caller);

/* Jumps to a report (which never returns) instead of calling it: a call would make every
 * function that takes a lock a non-leaf with a stack frame (about fifteen instructions on
 * each allocator and fault path), for a path that only runs to panic. The report gets the
 * call site as an argument, so nothing is lost from it. */
#define SPIN_REPORT(report, lock, site)                                                  \
	do {                                                                             \
		register const void *a0_ __asm__("a0") = (lock);                       \
		register void *a1_ __asm__("a1") = (site);                               \
		__asm__ volatile("tail " #report ::"r"(a0_), "r"(a1_) : "t1", "memory"); \
		__builtin_unreachable();                                                 \
	} while (0)

/* Taken: waits until the lock is free, answering other harts and yielding to them while
 * it waits (kernel/spin_wait.h). Called, not inlined, through kernel/spin_wait_entry.S,
 * which takes the word in t0 and saves every register but t0 and t1 (the return
 * address), for the same reason; the word is moved there inside the asm, so the
 * uncontended path pays nothing for the call. */
#define SPIN_WAIT_WHILE_LOCKED(word)                                                     \
	__asm__ volatile("mv t0, %0\n call t1, spin_wait_while_locked_t1" ::"r"(word)       \
			 : "t0", "t1", "memory")

/* Where the code that inlines this runs: the lock's call site. */
SPIN_INLINE void *spin_call_site(void)
{
	void *pc;
	__asm__ volatile("auipc %0, 0" : "=r"(pc));
	return pc;
}

/* Whether this hart holds l. Only this hart ever records itself as the owner, and it
 * clears that before it unlocks (as does printk_panic_unlock, which forces printk's lock
 * open), so seeing itself there means it holds the lock: the owner alone answers, one
 * load and a compare on every lock and unlock. */
SPIN_INLINE int spin_held_by(const struct spinlock *l, const struct cpu *c)
{
	return *(struct cpu *volatile const *)&l->owner == c;
}

SPIN_INLINE int spin_holding(const struct spinlock *l)
{
	return spin_held_by(l, this_cpu());
}

SPIN_INLINE void spin_acquire(struct spinlock *l, void *pc)
{
	struct cpu *c = this_cpu();

	if (spin_held_by(l, c))   /* tp read once: this_cpu() is volatile asm */
		SPIN_REPORT(spin_report_taken_twice, l, pc);
	/* The atomic exchange in assembly: GCC's __atomic_exchange_n on an int adds a copy of
	 * the 1 and a sign extension (which amoswap.w already does) to each try. A busy lock
	 * is waited for out of line (spin_wait_while_locked_t1, which yields the hart). */
	int busy;
	__asm__ volatile("1: amoswap.w.aq %0, %1, (%2)\n\t"
			 "beqz %0, 2f\n\t"
			 "mv t0, %2\n\t"
			 "call t1, spin_wait_while_locked_t1\n\t"
			 "j 1b\n"
			 "2:"
			 : "=&r"(busy) : "r"(1), "r"(&l->locked) : "t0", "t1", "memory");
	(void)busy;
	l->owner = c;
	l->pc = pc;
	l->next_held = c->locks_held;
	c->locks_held = l;
}

/* The report's site is taken only on the way to it, so the release's fast path has no
 * use for it. */
SPIN_INLINE void spin_release(struct spinlock *l)
{
	struct cpu *c = this_cpu();

	if (!spin_held_by(l, c))
		SPIN_REPORT(spin_report_not_held, l, spin_call_site());
	/* Unlink l from this hart's list; locks are nearly always released in the reverse
	 * order of taking, so l is usually first, and that is tried before the walk. The
	 * walk is bounded: after a panic forced printk's lock open (printk_panic_unlock),
	 * the list may loop. Inline, so that lock users stay leaf functions. */
	if (c->locks_held == l) {
		c->locks_held = l->next_held;
	} else {
		struct spinlock **link = &c->locks_held;
		for (int i = 0; *link && *link != l && i < MAX_LOCKS_HELD; i++)
			link = &(*link)->next_held;
		if (*link == l)
			*link = l->next_held;
	}
	*(struct cpu *volatile *)&l->owner = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Plain spinlocks, for data no interrupt handler touches: interrupts stay as they are. */
SPIN_INLINE void spin_lock(struct spinlock *l)
{
	spin_acquire(l, spin_call_site());
}

SPIN_INLINE void spin_unlock(struct spinlock *l)
{
	spin_release(l);
}

/* Interrupts off on this hart first, so an interrupt handler can never spin on a lock
 * its own hart holds. Returns whether they were on; unlocking turns them back on then. */
SPIN_INLINE unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags;

	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(flags) : "r"(SSTATUS_SIE) : "memory");
	spin_acquire(l, spin_call_site());
	return flags & SSTATUS_SIE;
}

SPIN_INLINE void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	spin_release(l);
	if (flags)
		__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}
#endif

#endif
