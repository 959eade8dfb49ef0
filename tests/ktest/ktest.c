/* ktest=NAME dispatch for the test image. */
#include <string.h>
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "tests/ktest/ktest.h"

int ktest_run(const char *name, const struct dt_info *dt)
{
	printk("ktest %s: start\n", name);
	if (!strcmp(name, "pmm"))
		return ktest_pmm(dt);
	if (!strcmp(name, "kmalloc"))
		return ktest_kmalloc(dt);
	if (!strcmp(name, "timer"))
		return ktest_timer(dt);
	if (!strcmp(name, "fixup"))
		return ktest_fixup(dt);
	if (!strcmp(name, "latemap"))
		return ktest_latemap(dt);
	if (!strcmp(name, "latehart"))
		return ktest_latehart(dt);
	if (!strcmp(name, "bench-pmm"))
		return ktest_bench_pmm(dt);
	if (!strncmp(name, "lock-", 5))
		return ktest_lock(name);
	return ktest_fault(name);
}
