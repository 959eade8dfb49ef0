/* Early boot: the kernel image's physical placement and the boot page tables. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H
#include <stdint.h>
#include "mm/memlayout.h"
#include "devicetree/dt.h"
#include "mm/pmm.h"

#include "riscv/csr.h"

/* Physical address the image was loaded at (2 MiB aligned). */
extern uint64_t kernel_phys_base;

static inline uint64_t kernel_va_to_pa(uint64_t va) { return va - KERNEL_VBASE + kernel_phys_base; }

/* Linker-script symbols. */
extern char _start[], _etext[], _srodata[], _erodata[], _sdata[], _edata[],
	_boot_pt_start[], _boot_pt_end[], _sksyms[], _end[];


/* Builds the boot tables (the image, the code turning the MMU on, the device tree) and
 * returns the satp value for them. Runs at the physical load address, MMU off. */
uint64_t boot_paging_setup(uint64_t load_pa, uint64_t dtb_pa);
/* Whether the device tree at dtb_pa lies where the direct map can hold all of it that
 * the kernel may read (DT_MAX_SIZE). Otherwise the boot tables leave it out and kmain
 * stops before reading it. */
static inline int boot_dtb_reachable(uint64_t dtb_pa)
{
	return dtb_pa < DIRECT_MAP_END_PA - DT_MAX_SIZE;
}
/* Holds the device tree's word against what the kernel can use, before anything is
 * built on it: RAM above DIRECT_MAP_END_PA is cut off (reported); the device tree must
 * lie in RAM the direct map holds (else a panic), an initrd elsewhere is dropped and a
 * kernel image elsewhere is only warned about. */
void boot_check_inputs(struct dt_info *dt, uint64_t dtb_pa);
/* Adds the RAM no reservation covers to the boot tables' direct map: what the page
 * allocator may hand out before the final tables are live. */
void boot_map_free_ram(const struct dt_info *dt);
/* Gives the boot tables to the page allocator: only once no hart runs on them. */
void boot_release_page_tables(void);

#endif
