/* Boot page tables: built before the MMU is on, used until the final tables (mm/kvm.c)
 * replace them.
 *
 * They map only what the kernel touches before then. Linux's boot requirements
 * (Documentation/riscv/boot.rst) forbid mapping firmware-resident or PMP-protected memory,
 * and a mapping is all a core needs to reach memory speculatively; on QEMU, OpenSBI 1.1
 * even reserves its region without no-map while S-mode accesses to it fault. So:
 * - boot_paging_setup(), MMU off: the kernel image at its link address; the page that
 *   turns the MMU on, at its physical address, so that the instructions right after
 *   `csrw satp` still execute (boot/entry.S, up to boot_identity_end); and the device
 *   tree, in the direct map, read before anything else.
 * - boot_map_free_ram(), once the device tree is read: the RAM no reservation covers
 *   (dt_free_ram), in the direct map. The page allocator puts its bitmap there and hands
 *   out the pages of the final tables from it before they are live.
 * Nothing else: not OpenSBI's region, no other reservation, not the initrd, no hole.
 *
 * RAM below the kernel's load address is used like any other RAM the device tree lists
 * and does not reserve: on a VisionFive 2 that is 0x40080000-0x401fffff, between
 * OpenSBI's region and the kernel at 0x40200000; loaded at 0x1000200000 on the icicle
 * kit, it is a whole gigabyte. The device tree is the contract: boot.rst makes firmware
 * responsible for reserving what it keeps, and current Linux maps RAM from its start
 * (older Linux began its linear map at its load address and lost the RAM below).
 * Distrusting the tree below the kernel only would protect nothing above it; and OpenSBI
 * guards its region with PMP, so a region missing from the tree gives a reported access
 * fault when touched, not silent corruption.
 *
 * boot_paging_setup() runs at the physical load address, so it may only use PC-relative
 * addressing (-mcmodel=medany gives that for globals and calls) and no jump tables.
 * boot/boot_tables.c builds the tables; they come from a pool in .boot_pt, which goes back
 * to the page allocator once the final tables are live. */
#include <stdint.h>
#include "boot/boot.h"
#include "boot/boot_tables.h"
#include "devicetree/dt.h"
#include "kernel/panic.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pagetable.h"

/* boot_paging_setup needs at most 8 tables: 2 for the image (1 GiB and 2 MiB levels),
 * 2 for the identity page, 4 for a device tree straddling a gigabyte boundary.
 * boot_map_free_ram needs a 2 MiB-level table for each 2 MiB block where RAM or a
 * reservation starts or ends off a 2 MiB boundary, and a 1 GiB-level one for each
 * gigabyte where one does off a 1 GiB boundary: 8 to 9 tables in all on QEMU virt, 12
 * for dts/reserved.dts. */
#define BOOT_PT_POOL 24

static pte_t boot_root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE), section(".boot_pt")));
static pte_t boot_pool[BOOT_PT_POOL][PT_ENTRIES]
	__attribute__((aligned(PAGE_SIZE), section(".boot_pt")));
static struct boot_tables boot_tables;

uint64_t kernel_phys_base;

/* The end of the code that runs while the MMU is turned on (boot/entry.S). */
extern char boot_identity_end[];

uint64_t boot_paging_setup(uint64_t load_pa, uint64_t dtb_pa)
{
	/* The MMU is off: the tables' addresses are their physical addresses. */
	boot_tables_init(&boot_tables, (uint64_t)boot_root, (uint64_t)boot_pool, BOOT_PT_POOL, 0);
	kernel_phys_base = load_pa;
	/* The pool always holds enough for this (see BOOT_PT_POOL). A tree beyond the
	 * direct map is neither read nor mapped: its gigapage would land on the kernel
	 * stacks or the image itself. */
	boot_tables_early(&boot_tables, load_pa, (uint64_t)(_end - _start),
			  (uint64_t)(boot_identity_end - _start), dtb_pa,
			  boot_dtb_reachable(dtb_pa) ?
			  boot_dtb_bytes((const void *)dtb_pa, DT_MAX_SIZE) : 0);
	return SATP_MODE_SV39 | ((uint64_t)boot_root >> PAGE_SHIFT);
}

void boot_map_free_ram(const struct dt_info *dt)
{
	struct phys_range free[DT_MAX_FREE_RAM];
	int n = dt_free_ram(dt, free, DT_MAX_FREE_RAM);

	/* The tables are now reached at their link addresses. */
	boot_tables.offset = KERNEL_VBASE - kernel_phys_base;
	if (boot_tables_add_ram(&boot_tables, free, n))
		panic("boot page tables: %d tables are too few for this memory map "
		      "(BOOT_PT_POOL, boot/boot_paging.c)", BOOT_PT_POOL);
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* The linker's bounds of .boot_pt, not the arrays' own addresses: the compiler may
 * place the two tables in either order. */
void boot_release_page_tables(void)
{
	pmm_unreserve(&kernel_pmm, kernel_va_to_pa((uint64_t)_boot_pt_start),
		      (uint64_t)(_boot_pt_end - _boot_pt_start));
}
