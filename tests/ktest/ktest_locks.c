/* Spinlocks misused on purpose: each test provokes one of the panics of kernel/spinlock.c
 * and the runner checks that the report names the lock and both places, by function.
 * Each place is a function of its own, neither inlined nor merged with its identical
 * twin (noipa); the work after the call keeps sched() from being a tail call, so that
 * the return address it reports lies in the function. None returns. */
#include <string.h>
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/rwlock.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "tests/ktest/ktest.h"

static struct spinlock test_lock = SPINLOCK_INIT("ktest-lock");
static struct rwlock test_rwlock = RWLOCK_INIT("ktest-rwlock");

#define PLACE(name, call)                                                     \
	__attribute__((noipa)) static void name(void)                          \
	{                                                                     \
		call;                                                         \
		__asm__ volatile("" ::: "memory");                            \
	}

PLACE(lock_first, spin_lock(&test_lock))
PLACE(lock_again, spin_lock(&test_lock))
PLACE(unlock_first, spin_unlock(&test_lock))
PLACE(unlock_again, spin_unlock(&test_lock))
PLACE(sched_with_lock, sched())
PLACE(rw_shared_first, rw_lock_shared(&test_rwlock))
PLACE(rw_exclusive_again, rw_lock_exclusive(&test_rwlock))
PLACE(rw_unlock_shared_unheld, rw_unlock_shared(&test_rwlock))

/* The same hart takes the lock twice: without the check, it would spin forever. */
static void taken_twice(void)
{
	printk("ktest: expect a panic: \"ktest-lock\" taken in lock_first, again in lock_again\n");
	lock_first();
	lock_again();
}

/* Released when nobody holds it (here: a second time). */
static void released_unheld(void)
{
	printk("ktest: expect a panic: \"ktest-lock\" released in unlock_again, held by nobody\n");
	lock_first();
	unlock_first();
	unlock_again();
}

/* Released by a hart that is not the owner. Only one hart runs, so the other hart's
 * hold is staged: taken here in lock_first, then recorded as hart 1's, as if hart 1 had
 * taken it there. */
static void released_by_other_hart(void)
{
	printk("ktest: expect a panic: \"ktest-lock\" held by hart 1 since lock_first, "
	       "released in unlock_again\n");
	lock_first();
	cpus[1].hartid = 1;
	test_lock.owner = &cpus[1];
	unlock_again();
}

/* A switch away with a lock held other than the table lock. */
static void sched_holding_lock(void)
{
	printk("ktest: expect a panic: sched() with \"ktest-lock\" held since lock_first\n");
	lock_first();
	sched_with_lock();
}

/* The reader-writer lock (kernel/rwlock.h): held shared, then taken exclusive on the same
 * hart (it would wait for itself for ever). */
static void rw_taken_twice(void)
{
	printk("ktest: expect a panic: \"ktest-rwlock\" shared in rw_shared_first, "
	       "again in rw_exclusive_again\n");
	rw_shared_first();
	rw_exclusive_again();
}

/* Released shared by a hart that holds it exclusive. */
static void rw_released_unheld(void)
{
	printk("ktest: expect a panic: \"ktest-rwlock\" released shared in "
	       "rw_unlock_shared_unheld, held exclusive\n");
	rw_lock_exclusive(&test_rwlock);
	rw_unlock_shared_unheld();
}

/* A switch away with an rwlock held shared. */
static void rw_sched_holding(void)
{
	printk("ktest: expect a panic: sched() with \"ktest-rwlock\" held since rw_shared_first\n");
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	(void)flags;
	rw_shared_first();
	sched_with_lock();
}

int ktest_lock(const char *name)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "lock-twice", taken_twice }, { "lock-unheld", released_unheld },
		{ "lock-other-hart", released_by_other_hart }, { "lock-sched", sched_holding_lock },
		{ "lock-rw-twice", rw_taken_twice }, { "lock-rw-unheld", rw_released_unheld },
		{ "lock-rw-sched", rw_sched_holding },
	};
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!strcmp(name, tests[i].name)) {
			tests[i].fn();
			printk("ktest %s: no panic\n", name);
			return 1;
		}
	}
	printk("ktest: no test named %s\n", name);
	return 1;
}
