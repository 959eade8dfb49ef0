/* ktest=fixup, ktest=timer, ktest=kmalloc. */
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/printk.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/usercopy.h"
#include "trap/timer.h"
#include "trap/trap.h"
#include "tests/ktest/ktest.h"

/* User-copy routines are in the exception table: with no process, a copy from an
 * unmapped user address must resume at the fixup and report -EFAULT. */
int ktest_fixup(const struct dt_info *dt)
{
	(void)dt;
	uint64_t buf[4] = { 1, 2, 3, 4 };

	KCHECK(copy_from_user(buf, 0x1000, sizeof(buf)) == -EFAULT);
	KCHECK(buf[0] == 1);
	KCHECK(copy_to_user(0x2000000, buf, sizeof(buf)) == -EFAULT);
	KCHECK(copy_from_user(buf, 0xffffffff80000000UL, 8) == -EFAULT);   /* not user space */
	KCHECK(copy_from_user(buf, USER_TOP - 4, 8) == -EFAULT);           /* runs past it */
	char s[8];
	KCHECK(strncpy_from_user(s, 0x3000, sizeof(s)) == -EFAULT);
	printk("ktest fixup: faulting user copies returned -EFAULT and the kernel went on\n");
	return 0;
}

/* Waits (interrupts on, in wfi) for a stretch of timebase time and checks ticks came. */
int ktest_timer(const struct dt_info *dt)
{
	uint64_t start_ticks = timer_ticks();
	uint64_t until = timer_read() + dt->timebase_hz / 5;   /* 200 ms of timebase */

	while (timer_read() < until)
		__asm__ volatile("csrs sstatus, %0\n wfi\n csrc sstatus, %0" ::"r"(SSTATUS_SIE));
	uint64_t ticks = timer_ticks() - start_ticks;
	printk("ktest timer: %lu ticks in 200 ms of timebase (expected about %d)\n", ticks,
	       TICK_HZ / 5);
	KCHECK(ticks > 0);
	return 0;
}

/* Random sizes, freed in random order; the page count must come back. */
int ktest_kmalloc(const struct dt_info *dt)
{
	(void)dt;
	enum { N = 2000 };
	static void *blocks[N];
	static uint32_t sizes[N];
	uint64_t seed = 12345, free_before = pmm_free_count(&kernel_pmm);

	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			sizes[i] = (uint32_t)(seed >> 33) % (i % 50 == 0 ? 20000 : 600) + 1;
			blocks[i] = kmalloc(sizes[i]);
			KCHECK(blocks[i] && ((uint64_t)blocks[i] & 15) == 0);
			for (uint32_t b = 0; b < sizes[i]; b++)
				((uint8_t *)blocks[i])[b] = (uint8_t)i;
		}
		for (int i = N - 1; i > 0; i--) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			int j = (int)((seed >> 33) % (uint64_t)(i + 1));
			void *tb = blocks[i]; blocks[i] = blocks[j]; blocks[j] = tb;
			uint32_t ts = sizes[i]; sizes[i] = sizes[j]; sizes[j] = ts;
		}
		for (int i = 0; i < N; i++) {
			uint8_t first = ((uint8_t *)blocks[i])[0];
			for (uint32_t b = 0; b < sizes[i]; b++)
				KCHECK(((uint8_t *)blocks[i])[b] == first);
			kfree(blocks[i]);
		}
	}
	printk("ktest kmalloc: %d allocations, free pages %lu -> %lu\n", 4 * N, free_before,
	       pmm_free_count(&kernel_pmm));
	KCHECK(pmm_free_count(&kernel_pmm) == free_before);
	return 0;
}
