/* The kernel's page allocator and page-sized helpers. */
#include "mm/memlayout.h"
#include "mm/page.h"

struct pmm kernel_pmm;

void zero_page(void *va)
{
	uint64_t *p = va, *end = p + PAGE_SIZE / 8;

	for (; p < end; p += 16) {
		p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;
		p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
		p[8] = 0; p[9] = 0; p[10] = 0; p[11] = 0;
		p[12] = 0; p[13] = 0; p[14] = 0; p[15] = 0;
	}
}

void copy_page(void *dst, const void *src)
{
	uint64_t *d = dst;
	const uint64_t *s = src;

	for (int i = 0; i < (int)(PAGE_SIZE / 8); i += 4) {
		d[i] = s[i];
		d[i + 1] = s[i + 1];
		d[i + 2] = s[i + 2];
		d[i + 3] = s[i + 3];
	}
}

uint64_t page_alloc_zeroed(void)
{
	uint64_t pa = pmm_alloc(&kernel_pmm);

	if (pa)
		zero_page(phys_to_virt(pa));
	return pa;
}

static void *env_pa_to_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static uint64_t env_alloc_table(void *ctx)
{
	(void)ctx;
	return page_alloc_zeroed();
}

static void env_free_table(void *ctx, uint64_t pa)
{
	(void)ctx;
	pmm_free(&kernel_pmm, pa);
}

const struct pt_env kernel_pt_env = { env_pa_to_va, env_alloc_table, env_free_table, 0 };
