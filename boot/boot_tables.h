/* Building the boot page tables (boot/boot_paging.c says what goes in them). Pure logic
 * over tables reached through an offset, so that it runs at the physical load address
 * with the MMU off, at the link address after, and in host unit tests. */
#ifndef BOOT_BOOT_TABLES_H
#define BOOT_BOOT_TABLES_H
#include <stdint.h>
#include "mm/pagetable.h"
#include "mm/pmm.h"

struct boot_tables {
	uint64_t root_pa;   /* the root table */
	uint64_t pool_pa;   /* pool_size tables, in one block, for the levels below */
	int pool_size, used;
	uint64_t offset;    /* a table's address minus its physical address */
};

/* Clears the root; the pool's tables are cleared as they are taken. */
void boot_tables_init(struct boot_tables *bt, uint64_t root_pa, uint64_t pool_pa,
		      int pool_size, uint64_t offset);

/* Maps [va, va + size) onto [pa, pa + size) (page-aligned) with perm (PTE_R/W/X/G; A and,
 * when writable, D are set), using the largest leaves alignment allows (Sv39: 4 KiB,
 * 2 MiB, 1 GiB). Pages already mapped keep their mapping. Returns 0, or -1 when the
 * pool has no table left (what is mapped by then stays mapped). */
int boot_tables_map(struct boot_tables *bt, uint64_t va, uint64_t pa, uint64_t size,
		    uint64_t perm);

/* The boot tables before the device tree is read, all the kernel touches until then: the
 * image (image_size bytes at load_pa) at its link address; its first identity_size bytes
 * at their physical address, the code that turns the MMU on; and, in the direct map,
 * dtb_size bytes of device tree at dtb_pa. Returns 0, or -1 if the pool ran out. */
int boot_tables_early(struct boot_tables *bt, uint64_t load_pa, uint64_t image_size,
		      uint64_t identity_size, uint64_t dtb_pa, uint64_t dtb_size);

/* Adds n ranges of RAM to the direct map, read-write. Returns 0, or -1 if the pool ran
 * out. */
int boot_tables_add_ram(struct boot_tables *bt, const struct phys_range *ram, int n);

/* How many bytes of device tree to map at header: the totalsize the header gives
 * (devicetree spec 5.2), at most max; without a valid magic number, only the 40-byte
 * header, so that the reader can say what is wrong. */
uint64_t boot_dtb_bytes(const void *header, uint64_t max);

#endif
