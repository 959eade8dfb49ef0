/* The kernel's page allocator and page-sized helpers. */
#include "mm/memlayout.h"
#include "mm/page.h"

struct pmm kernel_pmm;

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
