/* The kernel's page allocator and page-sized helpers. */
#include "mm/memlayout.h"
#include "mm/page.h"

struct pmm kernel_pmm;

/* 64 words per iteration, as zero_page stores them: 8 iterations of loop overhead (3
 * instructions each) beside the 1024 loads and stores of every copy-on-write fault. */
void copy_page(void *dst, const void *src)
{
	uint64_t *d = dst;
	const uint64_t *s = src, *end = s + PAGE_SIZE / 8;

	for (; s < end; s += 64, d += 64)
#pragma GCC unroll 64
		for (int i = 0; i < 64; i++)
			d[i] = s[i];
}

uint64_t page_alloc_zeroed(void)
{
	uint64_t pa = page_alloc();

	if (pa)
		zero_page(phys_to_virt(pa));
	return pa;
}

static uint64_t env_alloc_table(void *ctx)
{
	(void)ctx;
	return page_alloc_zeroed();
}

static void env_free_table(void *ctx, uint64_t pa)
{
	(void)ctx;
	page_free(pa);
}

const struct pt_env kernel_pt_env = { NULL, env_alloc_table, env_free_table, NULL, DIRECT_MAP_BASE };
