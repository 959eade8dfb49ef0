/* ktest=latehart: every secondary hart arrives after the boot hart gave up on it (the
 * start timeout made 0). Each must park on its own slot without joining: the harts online
 * stay the boot hart alone, and the boot hart goes on (a late hart once joined and the
 * boot hart faulted; kernel/smp.c). Run with -smp 4. */
#include <stdint.h>
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "trap/timer.h"
#include "tests/ktest/ktest.h"

int ktest_latehart(const struct dt_info *dt)
{
	KCHECK(dt->nharts > 1);
	smp_start_timeout_ns = 0;
	smp_start(dt, cpus[0].hartid);
	/* Every other hart was started, then given up at once; wait until each has come
	 * and parked (the runner's timeout bounds this if one never does). */
	for (int i = 1; i < dt->nharts; i++)
		while (!smp_hart_parked_late(i))
			timer_wfi_until(timer_read() + dt->timebase_hz / 100);
	KCHECK(__atomic_load_n(&smp_ncpus, __ATOMIC_ACQUIRE) == 1);
	KCHECK(__atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE) == 1);
	printk("ktest latehart: %d harts came late and parked; 1 hart online\n",
	       dt->nharts - 1);
	return 0;
}
