/* The boot page tables (boot/boot_tables.c) built in host memory and walked: what the
 * kernel maps before its final tables, and nothing more - not OpenSBI's region, not the
 * RAM around the image, not reserved regions, only one identity-mapped page. */
#include <stdio.h>
#include <string.h>
#include "boot/boot_tables.h"
#include "mm/memlayout.h"
#include "tests/host/check.h"

#define POOL 24
#define NONE UINT64_MAX
#define DM(pa) (DIRECT_MAP_BASE + (pa))

static pte_t root[PT_ENTRIES] __attribute__((aligned(4096)));
static pte_t pool[POOL][PT_ENTRIES] __attribute__((aligned(4096)));
static struct boot_tables bt;

/* Tables at their host address minus offset, as the kernel's are at their link address
 * minus (link - load) once the MMU is on. */
static void init(int pool_size, uint64_t offset)
{
	memset(pool, 0xa5, sizeof(pool));   /* new tables must be cleared when taken */
	boot_tables_init(&bt, (uint64_t)root - offset, (uint64_t)pool - offset, pool_size, offset);
}

/* The physical address va translates to, NONE if unmapped; the leaf and its level. */
static uint64_t walk(uint64_t va, pte_t *leaf, int *level)
{
	pte_t *t = (pte_t *)(bt.root_pa + bt.offset);
	for (int l = 2; l >= 0; l--) {
		pte_t e = t[(va >> (12 + 9 * l)) & 511];
		if (!(e & PTE_V))
			return NONE;
		if (e & (PTE_R | PTE_W | PTE_X)) {
			if (leaf)
				*leaf = e;
			if (level)
				*level = l;
			return PTE_TO_PA(e) + (va & (PT_LEVEL_SIZE(l) - 1));
		}
		t = (pte_t *)(PTE_TO_PA(e) + bt.offset);
	}
	return NONE;
}

static uint64_t perms(uint64_t va)
{
	pte_t leaf = 0;
	return walk(va, &leaf, NULL) == NONE ? 0 : leaf & (PTE_R | PTE_W | PTE_X | PTE_G | PTE_U);
}

/* QEMU virt, 512 MiB: OpenSBI at 0x80000000-0x8007ffff, the kernel (224 KiB) at
 * 0x80200000, the initrd at 0x88200000-0x8827ffff, the device tree (5 KiB) at
 * 0x9fe00000; dt_free_ram gives the three ranges between them. */
#define LOAD 0x80200000UL
#define IMAGE 0x38000UL
#define DTB 0x9fe00000UL
static const struct phys_range virt_free[] = {
	{ 0x80080000, 0x88200000 - 0x80080000 },
	{ 0x88280000, DTB - 0x88280000 },
	{ DTB + 0x2000, 0xa0000000 - (DTB + 0x2000) },
};

static void build_virt(uint64_t offset)
{
	init(POOL, offset);
	CHECK(boot_tables_early(&bt, LOAD, IMAGE, 0x1a0, DTB, 0x150a) == 0);
	CHECK(boot_tables_add_ram(&bt, virt_free, 3) == 0);
}

static void image_at_its_link_address_and_no_more(void)
{
	build_virt(0);
	for (uint64_t off = 0; off < IMAGE; off += 0x1000)
		CHECK(walk(KERNEL_VBASE + off, NULL, NULL) == LOAD + off);
	CHECK(perms(KERNEL_VBASE) == (PTE_R | PTE_W | PTE_X | PTE_G));
	CHECK(walk(KERNEL_VBASE + IMAGE, NULL, NULL) == NONE);
	CHECK(walk(KERNEL_VBASE - 0x1000, NULL, NULL) == NONE);
}

/* Only the page holding the code that turns the MMU on is identity-mapped. */
static void one_identity_page(void)
{
	build_virt(0);
	CHECK(walk(LOAD, NULL, NULL) == LOAD && perms(LOAD) == (PTE_R | PTE_X));
	CHECK(walk(LOAD + 0x1000, NULL, NULL) == NONE);
	CHECK(walk(LOAD - 0x1000, NULL, NULL) == NONE);
	CHECK(walk(0x80000000, NULL, NULL) == NONE);
}

/* The direct map holds the device tree (read-only) and the free RAM; not OpenSBI's
 * region, the initrd or anything outside RAM. */
static void direct_map_of_free_ram_only(void)
{
	build_virt(0);
	for (uint64_t pa = 0x80000000; pa < 0x80080000; pa += 0x1000)
		CHECK(walk(DM(pa), NULL, NULL) == NONE);
	CHECK(walk(DM(0x80080000), NULL, NULL) == 0x80080000);
	CHECK(perms(DM(0x80080000)) == (PTE_R | PTE_W | PTE_G));
	CHECK(walk(DM(LOAD), NULL, NULL) == LOAD);            /* free RAM, like any other */
	CHECK(walk(DM(0x88200000), NULL, NULL) == NONE);      /* initrd */
	CHECK(walk(DM(0x8827f000), NULL, NULL) == NONE);
	CHECK(walk(DM(0x88280000), NULL, NULL) == 0x88280000);
	CHECK(walk(DM(DTB), NULL, NULL) == DTB && perms(DM(DTB)) == (PTE_R | PTE_G));
	CHECK(walk(DM(DTB + 0x1000), NULL, NULL) == DTB + 0x1000);
	CHECK(walk(DM(DTB + 0x2000), NULL, NULL) == DTB + 0x2000);
	CHECK(perms(DM(DTB + 0x2000)) == (PTE_R | PTE_W | PTE_G));
	CHECK(walk(DM(0x9ffff000), NULL, NULL) == 0x9ffff000);
	CHECK(walk(DM(0xa0000000), NULL, NULL) == NONE);
	CHECK(walk(DM(0x7ffff000), NULL, NULL) == NONE);
}

/* The largest leaves alignment allows, and few tables. */
static void largest_leaves(void)
{
	int level = -1;
	build_virt(0);
	CHECK(walk(DM(0x80200000), NULL, &level) == 0x80200000 && level == 1);
	CHECK(walk(DM(0x80080000), NULL, &level) == 0x80080000 && level == 0);
	CHECK(bt.used <= 10);
	init(POOL, 0);
	CHECK(boot_tables_map(&bt, DM(0x100000000), 0x100000000, 0x40000000, PTE_R) == 0);
	CHECK(walk(DM(0x13fffffff), NULL, &level) == 0x13fffffff && level == 2 && bt.used == 0);
}

/* After the MMU is on the tables are reached through an offset; the result is the same. */
static void tables_through_an_offset(void)
{
	build_virt(0x40000000);
	CHECK(walk(KERNEL_VBASE, NULL, NULL) == LOAD);
	CHECK(walk(DM(0x80080000), NULL, NULL) == 0x80080000);
	CHECK(walk(DM(0x80000000), NULL, NULL) == NONE);
}

/* Pages already mapped keep their mapping; the rest of the range is mapped around them. */
static void mapped_pages_stay(void)
{
	init(POOL, 0);
	CHECK(boot_tables_map(&bt, DM(0x80201000), 0x80201000, 0x1000, PTE_R) == 0);
	CHECK(boot_tables_map(&bt, DM(0x80200000), 0x80200000, 0x200000, PTE_R | PTE_W) == 0);
	CHECK(perms(DM(0x80201000)) == PTE_R);
	CHECK(perms(DM(0x80200000)) == (PTE_R | PTE_W) && perms(DM(0x803ff000)) == (PTE_R | PTE_W));
	CHECK(walk(DM(0x803ff000), NULL, NULL) == 0x803ff000);
	/* Inside a larger leaf: nothing to do, no table taken. */
	init(POOL, 0);
	CHECK(boot_tables_map(&bt, DM(0x100000000), 0x100000000, 0x40000000, PTE_R) == 0);
	CHECK(boot_tables_map(&bt, DM(0x100200000), 0x100200000, 0x1000, PTE_R | PTE_W) == 0);
	CHECK(bt.used == 0 && perms(DM(0x100200000)) == PTE_R);
}

/* A run of leaves crosses into the next table; a run of 2 MiB leaves meets a table
 * (finer mappings made before) and goes on around it. */
static void runs_across_tables(void)
{
	int level = -1;
	init(POOL, 0);
	CHECK(boot_tables_map(&bt, DM(0x801ff000), 0x801ff000, 0x2000, PTE_R) == 0);
	CHECK(walk(DM(0x801ff000), NULL, NULL) == 0x801ff000);
	CHECK(walk(DM(0x80200000), NULL, NULL) == 0x80200000);
	CHECK(walk(DM(0x80201000), NULL, NULL) == NONE && walk(DM(0x801fe000), NULL, NULL) == NONE);
	init(POOL, 0);
	CHECK(boot_tables_map(&bt, DM(0x80401000), 0x80401000, 0x1000, PTE_R) == 0);
	CHECK(boot_tables_map(&bt, DM(0x80200000), 0x80200000, 0x600000, PTE_R | PTE_W) == 0);
	CHECK(walk(DM(0x80200000), NULL, &level) == 0x80200000 && level == 1);
	CHECK(walk(DM(0x80400000), NULL, &level) == 0x80400000 && level == 0);
	CHECK(perms(DM(0x80401000)) == PTE_R && walk(DM(0x805ff000), NULL, NULL) == 0x805ff000);
	CHECK(walk(DM(0x80600000), NULL, &level) == 0x80600000 && level == 1);
	CHECK(walk(DM(0x807ff000), NULL, NULL) == 0x807ff000);
	CHECK(walk(DM(0x80800000), NULL, NULL) == NONE);
}

static void pool_runs_out(void)
{
	init(1, 0);
	CHECK(boot_tables_map(&bt, DM(0x80000000), 0x80000000, 0x1000, PTE_R) == -1);
	init(2, 0);
	CHECK(boot_tables_map(&bt, DM(0x80000000), 0x80000000, 0x1000, PTE_R) == 0);
}

static void device_tree_size(void)
{
	unsigned char header[40] = { 0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x15, 0x0a };
	CHECK(boot_dtb_bytes(header, 2 << 20) == 0x150a);
	header[5] = 0x40;   /* 0x0040150a: above the most dt_parse reads */
	CHECK(boot_dtb_bytes(header, 2 << 20) == 2 << 20);
	memset(header + 4, 0, 4);
	CHECK(boot_dtb_bytes(header, 2 << 20) == 40);
	header[0] = 0;      /* not a device tree: the header only */
	CHECK(boot_dtb_bytes(header, 2 << 20) == 40);
}

int main(void)
{
	TEST(image_at_its_link_address_and_no_more);
	TEST(one_identity_page);
	TEST(direct_map_of_free_ram_only);
	TEST(largest_leaves);
	TEST(tables_through_an_offset);
	TEST(mapped_pages_stay);
	TEST(runs_across_tables);
	TEST(pool_runs_out);
	TEST(device_tree_size);
	return TESTS_DONE();
}
