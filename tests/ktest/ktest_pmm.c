/* ktest=pmm: take every free page; each must be inside RAM, outside every reservation
 * and the kernel image (but its boot page tables), and handed out once. Write to each, free all, and check the
 * count returns; a double free is reported and changes nothing. */
#include "boot/boot.h"
#include "kernel/printk.h"
#include "kernel/cpu.h"
#include "mm/page.h"
#include "tests/ktest/ktest.h"

static int in_range(uint64_t pa, uint64_t base, uint64_t size)
{
	return pa + PAGE_SIZE > base && pa < base + size;
}

static int page_ok(const struct dt_info *dt, uint64_t pa)
{
	int in_ram = 0;
	for (int i = 0; i < dt->nram; i++)
		in_ram |= pa >= dt->ram[i].base && pa + PAGE_SIZE <= dt->ram[i].base + dt->ram[i].size;
	/* The image but the boot page tables (given back once unused) stays reserved,
	 * the symbol table after them included. */
	if (!in_ram || in_range(pa, kernel_phys_base, (uint64_t)(_boot_pt_start - _start)) ||
	    in_range(pa, kernel_va_to_pa((uint64_t)_boot_pt_end), (uint64_t)(_end - _boot_pt_end)))
		return 0;
	for (int i = 0; i < dt->nreserved; i++)
		if (in_range(pa, dt->reserved[i].base, dt->reserved[i].size))
			return 0;
	return 1;
}

#define MARK 0x5a5a5a5a5a5a5a5aUL

int ktest_pmm(const struct dt_info *dt)
{
	struct pmm *pmm = &kernel_pmm;
	uint64_t free_before = pmm_free_count(pmm);
	uint64_t list = 0, count = 0, pa;

	/* Pages in the harts' caches count as free but pmm_alloc does not hand them out:
	 * this hart's go back first, other harts' (if they ran) stay counted apart. */
	pmm_drain_cache(pmm, &this_cpu()->page_cache);
	KCHECK(pmm_free_count(pmm) == free_before);
	uint64_t cached = pmm_cached_count(pmm);

	/* Allocated pages form a list through their first word; the second holds a marker
	 * that a page handed out twice would already carry. */
	while ((pa = pmm_alloc(pmm))) {
		uint64_t *page = phys_to_virt(pa);
		KCHECK(page_ok(dt, pa));
		KCHECK(!(page[1] == ~pa && page[2] == MARK));   /* not already ours */
		page[0] = list;
		page[1] = ~pa;
		page[2] = MARK;
		list = pa;
		count++;
	}
	printk("ktest pmm: allocated all %lu free pages; free count now %lu\n", count,
	       pmm_free_count(pmm));
	KCHECK(count == free_before - cached);
	KCHECK(pmm_free_count(pmm) == cached);

	uint64_t freed = 0;
	while (list) {
		uint64_t *page = phys_to_virt(list);
		uint64_t next = page[0];
		KCHECK(page[1] == ~list && page[2] == MARK);   /* nobody else wrote here */
		page[1] = 0;
		KCHECK(pmm_free(pmm, list) == 0);
		list = next;
		freed++;
	}
	KCHECK(freed == count);
	KCHECK(pmm_free_count(pmm) == free_before);

	/* Through the cache: the same checks, the same count. */
	pa = page_alloc();
	KCHECK(pa && page_free(pa) == 0);
	KCHECK(page_free(pa) < 0);
	KCHECK(pmm_free_count(pmm) == free_before);

	pa = pmm_alloc(pmm);
	KCHECK(pa && pmm_free(pmm, pa) == 0);
	KCHECK(pmm_free(pmm, pa) < 0);            /* double free: reported, refused */
	KCHECK(pmm_free(pmm, kernel_phys_base) < 0);   /* reserved */
	KCHECK(pmm_free(pmm, pa + 8) < 0);        /* unaligned */
	KCHECK(pmm_free_count(pmm) == free_before);
	printk("ktest pmm: %lu pages checked, count restored to %lu\n", count, free_before);
	return 0;
}
