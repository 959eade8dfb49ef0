/* ktest=bench-pmm: the cost of one pmm_alloc + pmm_free pair with 10%, 50%, 90% and 99% of
 * RAM in use (reserved pages count as in use), for tools/bench.py. RAM is filled with
 * pmm_alloc up to each occupancy in turn, then PAIRS pairs are timed with rdinstret, which
 * counts instructions only under QEMU -icount (docs/benchmarks.md). One line per occupancy: "BENCH pmm_alloc_free/<percent> <instructions> <pairs>";
 * the count includes the loop around the pair (a few instructions). Everything taken is
 * freed at the end and the free count must come back. */
#include "kernel/printk.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "tests/ktest/ktest.h"

#define PAIRS 10000

/* The pages taken to fill RAM, as runs of consecutive pages (pmm_alloc hands out the
 * lowest free page, so runs are long). Only the first page of a run is written: it holds
 * the previous run's address and its own length. Writing every page would make QEMU back
 * all of an 8 GiB guest with host memory. */
struct page_runs {
	uint64_t head;   /* first page of the latest run, 0 if none */
};

static void runs_add(struct page_runs *runs, uint64_t pa)
{
	uint64_t *run = runs->head ? phys_to_virt(runs->head) : NULL;

	if (run && pa == runs->head + run[1] * PAGE_SIZE) {
		run[1]++;
		return;
	}
	uint64_t *first = phys_to_virt(pa);
	first[0] = runs->head;
	first[1] = 1;
	runs->head = pa;
}

static int runs_free_all(struct page_runs *runs)
{
	while (runs->head) {
		uint64_t *run = phys_to_virt(runs->head);
		uint64_t prev = run[0], npages = run[1];
		KCHECK(pmm_free_contig(&kernel_pmm, runs->head, npages, __builtin_return_address(0)) == 0);
		runs->head = prev;
	}
	return 0;
}

static uint64_t rdinstret(void)
{
	uint64_t n;
	__asm__ volatile("rdinstret %0" : "=r"(n));
	return n;
}

/* Instructions for PAIRS alloc+free pairs; 0 if any pair failed. */
static uint64_t time_pairs(struct pmm *pmm)
{
	int failed = 0;
	uint64_t start = rdinstret();

	for (int i = 0; i < PAIRS; i++)
		failed |= pmm_free(pmm, pmm_alloc(pmm));   /* pmm_free(0) fails: none was free */
	uint64_t end = rdinstret();
	return failed ? 0 : end - start;
}

int ktest_bench_pmm(const struct dt_info *dt)
{
	static const int percents[] = { 10, 50, 90, 99 };
	struct pmm *pmm = &kernel_pmm;
	struct page_runs runs = { 0 };
	uint64_t total = pmm_total_count(pmm), free_before = pmm_free_count(pmm);
	(void)dt;

	for (unsigned i = 0; i < sizeof(percents) / sizeof(percents[0]); i++) {
		uint64_t target = total * percents[i] / 100;
		while (total - pmm_free_count(pmm) < target) {
			uint64_t pa = pmm_alloc(pmm);
			KCHECK(pa);
			runs_add(&runs, pa);
		}
		uint64_t instructions = time_pairs(pmm);
		KCHECK(instructions);
		printk("BENCH pmm_alloc_free/%d %lu %d\n", percents[i], instructions, PAIRS);
	}
	KCHECK(runs_free_all(&runs) == 0);
	KCHECK(pmm_free_count(pmm) == free_before);
	return 0;
}
