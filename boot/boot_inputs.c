/* What the firmware's device tree claims, held against what this kernel can map, before
 * the boot tables and the page allocator are built on it.
 *
 * The direct map puts physical address pa at DIRECT_MAP_BASE + pa, and only the 156 GiB
 * below the kernel stacks are free for it (mm/memlayout.h). RAM above that would be
 * mapped over the stacks and, from 0x2780000000, over the kernel's own gigapage (Sv39
 * has a single root, privileged spec 4.4): a silent hang. Linux/riscv drops such memory
 * too (memblock_enforce_memory_limit past the linear map's end), and so does this,
 * saying what it left out.
 *
 * The tree and the initrd are read through the direct map after the final tables
 * replace the boot ones, and those map only RAM without no-map reservations: a tree
 * placing them elsewhere would end in a fault far from its cause. */
#include "boot/boot.h"
#include "boot/boot_tables.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static void require_mapped(const struct dt_info *dt, const char *what, uint64_t base,
			   uint64_t size)
{
	if (!dt_in_mapped_ram(dt, base, size))
		panic("%s at 0x%lx-0x%lx is not in RAM the kernel maps (outside every memory "
		      "node, or under a no-map reservation)", what, base, base + size - 1);
}

void boot_check_inputs(struct dt_info *dt, uint64_t dtb_pa)
{
	struct phys_range cut[DT_MAX_RAM];
	int ncut = dt_limit_ram(dt, DIRECT_MAP_END_PA, cut, DT_MAX_RAM);

	for (int i = 0; i < ncut; i++)
		printk("memory: 0x%lx-0x%lx left out: above 0x%lx, the end of the direct map\n",
		       cut[i].base, cut[i].base + cut[i].size - 1, DIRECT_MAP_END_PA);
	if (dt->nram == 0)
		panic("no RAM below 0x%lx, the end of the direct map", DIRECT_MAP_END_PA);
	require_mapped(dt, "the device tree", dtb_pa,
		       boot_dtb_bytes(phys_to_virt(dtb_pa), DT_MAX_SIZE));
	/* The image has its own mapping at KERNEL_VBASE and the allocator never hands it
	 * out, so it runs wherever it is; but the tree contradicts itself. */
	if (!dt_in_mapped_ram(dt, kernel_phys_base, (uint64_t)(_end - _start)))
		printk("warning: the kernel image at 0x%lx-0x%lx is not in RAM the kernel maps "
		       "(outside every memory node, or under a no-map reservation)\n",
		       kernel_phys_base, kernel_phys_base + (uint64_t)(_end - _start) - 1);
	if (dt->initrd_end && !dt_in_mapped_ram(dt, dt->initrd_start,
						dt->initrd_end - dt->initrd_start)) {
		printk("initrd: 0x%lx-0x%lx is not in RAM the kernel maps; ignored\n",
		       dt->initrd_start, dt->initrd_end - 1);
		dt->initrd_start = dt->initrd_end = 0;
	}
}
