/* Spinlocks misused on purpose: each test provokes one of the panics of kernel/spinlock.c
 * and the runner checks that the report names the lock and both places, by function.
 * Each place is a function of its own, neither inlined nor merged with its identical
 * twin (noipa); the work after the call keeps sched() from being a tail call, so that
 * the return address it reports lies in the function. None returns. */
#include <string.h>
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "tests/ktest/ktest.h"

static struct spinlock test_lock = SPINLOCK_INIT("ktest-lock");

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

int ktest_lock(const char *name)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "lock-twice", taken_twice }, { "lock-unheld", released_unheld },
		{ "lock-other-hart", released_by_other_hart }, { "lock-sched", sched_holding_lock },
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
