/* Boot page tables, built before the MMU is on.
 *
 * boot_paging_setup() runs at the physical load address, so it may only use PC-relative
 * addressing (-mcmodel=medany gives that for globals and calls) and no jump tables.
 * It maps the kernel's link address onto the load address with 2 MiB leaves, and
 * identity-maps the 1 GiB around the load address so the instructions right after
 * `csrw satp` still execute. kmain later adds the direct map of all RAM with 1 GiB
 * leaves until the final page tables (mm/kvm.c) replace these. */
#include <stdint.h>
#include "boot/boot.h"
#include "mm/memlayout.h"
#include "mm/pagetable.h"

static pte_t boot_root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE), section(".boot_pt")));
static pte_t boot_kernel_l1[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE), section(".boot_pt")));

uint64_t kernel_phys_base;

extern char _start[], _end[];

static inline unsigned vpn2(uint64_t va) { return (va >> 30) & (PT_ENTRIES - 1); }

static pte_t boot_leaf(uint64_t pa, uint64_t perm)
{
	return PA_TO_PTE(pa) | perm | PTE_V | PTE_A | PTE_D;
}

uint64_t boot_paging_setup(uint64_t load_pa, uint64_t dtb_pa)
{
	uint64_t image_size = (uint64_t)(_end - _start);

	for (int i = 0; i < PT_ENTRIES; i++) {
		boot_root[i] = 0;
		boot_kernel_l1[i] = 0;
	}
	kernel_phys_base = load_pa;

	boot_root[vpn2(load_pa)] = boot_leaf(load_pa & ~(GIGAPAGE_SIZE - 1), PTE_R | PTE_W | PTE_X);
	boot_root[vpn2(DIRECT_MAP_BASE + load_pa)] =
		boot_leaf(load_pa & ~(GIGAPAGE_SIZE - 1), PTE_R | PTE_W | PTE_G);
	boot_root[vpn2(DIRECT_MAP_BASE + dtb_pa)] =
		boot_leaf(dtb_pa & ~(GIGAPAGE_SIZE - 1), PTE_R | PTE_W | PTE_G);

	boot_root[vpn2(KERNEL_VBASE)] = PA_TO_PTE((uint64_t)boot_kernel_l1) | PTE_V;
	for (uint64_t off = 0; off < image_size; off += MEGAPAGE_SIZE)
		boot_kernel_l1[off / MEGAPAGE_SIZE] =
			boot_leaf(load_pa + off, PTE_R | PTE_W | PTE_X | PTE_G);

	return SATP_MODE_SV39 | ((uint64_t)boot_root >> PAGE_SHIFT);
}

void boot_map_ram_gigapages(const struct phys_range *ram, int nram)
{
	for (int i = 0; i < nram; i++) {
		uint64_t first = ram[i].base & ~(GIGAPAGE_SIZE - 1);
		for (uint64_t pa = first; pa < ram[i].base + ram[i].size; pa += GIGAPAGE_SIZE)
			boot_root[vpn2(DIRECT_MAP_BASE + pa)] = boot_leaf(pa, PTE_R | PTE_W | PTE_G);
	}
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* The whole .boot_pt section: the linker orders the two tables as it likes. */
void boot_page_tables(uint64_t *start_pa, uint64_t *size)
{
	*start_pa = kernel_va_to_pa((uint64_t)_boot_pt_start);
	*size = (uint64_t)(_boot_pt_end - _boot_pt_start);
}
