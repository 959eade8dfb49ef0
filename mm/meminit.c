/* Brings up the page allocator from what the device tree says: every RAM region, minus
 * the kernel image, the firmware's reservations, the DTB, the initrd and the allocator's
 * own bitmap, all reserved before the first allocation. Prints the memory map. */
#include "boot/boot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/cpu.h"
#include "mm/meminit.h"
#include "mm/page.h"

#define MAX_AVOID (DT_MAX_RESERVED + 2)

static void print_range(const char *what, uint64_t base, uint64_t size)
{
	printk("  %-32s 0x%010lx-0x%010lx %6lu KiB\n", what, base, base + size - 1, size >> 10);
}

void mem_init(const struct dt_info *dt)
{
	struct phys_range avoid[MAX_AVOID];
	int navoid = 0;
	uint64_t image_pa = kernel_phys_base;
	uint64_t image_size = (uint64_t)(_end - _start);

	avoid[navoid++] = (struct phys_range){ image_pa, image_size };
	for (int i = 0; i < dt->nreserved; i++)
		avoid[navoid++] = (struct phys_range){ dt->reserved[i].base, dt->reserved[i].size };

	size_t meta_bytes = pmm_meta_bytes(dt->ram, dt->nram);
	uint64_t meta_pa = pmm_find_space(dt->ram, dt->nram, avoid, navoid, meta_bytes);
	if (!meta_pa)
		panic("mem: no room for the page allocator's %zu-byte bitmap", meta_bytes);
	int err = pmm_init(&kernel_pmm, dt->ram, dt->nram, phys_to_virt(meta_pa), meta_pa, meta_bytes);
	if (err)
		panic("mem: bad RAM layout from the device tree (error %d)", err);
	for (int i = 0; i < navoid; i++)
		pmm_reserve(&kernel_pmm, avoid[i].base, avoid[i].size);
	/* Every hart's page cache counts in pmm_free_count from the start. */
	for (int i = 0; i < MAX_CPUS; i++)
		BUG_ON(pmm_add_cache(&kernel_pmm, &cpus[i].page_cache));

	printk("memory map:\n");
	for (int i = 0; i < dt->nram; i++)
		print_range("RAM", dt->ram[i].base, dt->ram[i].size);
	print_range("reserved: kernel image", image_pa, image_size);
	for (int i = 0; i < dt->nreserved; i++) {
		char why[64];
		snprintk(why, sizeof(why), "reserved: %s%s", dt->reserved[i].why,
			 dt->reserved[i].no_map ? " (no-map)" : "");
		print_range(why, dt->reserved[i].base, dt->reserved[i].size);
	}
	print_range("reserved: page bitmap", meta_pa, meta_bytes);
	printk("  %lu of %lu pages free (%lu MiB)\n", pmm_free_count(&kernel_pmm),
	       pmm_total_count(&kernel_pmm), pmm_free_count(&kernel_pmm) >> 8);
}
