/* Kernel self-tests (linked only into build/Image-ktest). Each returns 0 on success.
 * The fault tests never return: they provoke a fault whose report the runner checks. */
#ifndef TESTS_KTEST_KTEST_H
#define TESTS_KTEST_KTEST_H
#include "devicetree/dt.h"

#define KCHECK(cond)                                                                 \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printk("ktest check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			return 1;                                                    \
		}                                                                    \
	} while (0)

int ktest_pmm(const struct dt_info *dt);
int ktest_kmalloc(const struct dt_info *dt);
int ktest_timer(const struct dt_info *dt);
int ktest_fixup(const struct dt_info *dt);
int ktest_latemap(const struct dt_info *dt);
int ktest_fault(const char *name);
/* Secondary harts that arrive after the boot hart gave up on them park (-smp 4). */
int ktest_latehart(const struct dt_info *dt);
/* Spinlock misuse (tests/ktest/ktest_locks.c, names lock-*): panics, never returns. */
int ktest_lock(const char *name);
/* Allocator micro-benchmark (not a test: prints costs for make bench). */
int ktest_bench_pmm(const struct dt_info *dt);

#endif
