/* dt_parse() against the blobs compiled from dts/ (run from the repo root, after
 * building build/dtb/NAME.dtb), and against damaged copies of them. Every blob sits in
 * a malloc buffer of exactly its size so AddressSanitizer catches any overread. */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "devicetree/dt.h"
#include "abi/errno.h"
#include "tests/host/check.h"
#include "tests/host/dtb_file.h"

#define FDT_PA 0x9fe00000ull

static struct dt_info info;
static char err[128];

/* Parses dts NAME; the blob stays allocated because info.bootargs points into it. */
static void *parse_ok(const char *name)
{
	size_t size;
	void *blob = load_dtb(name, &size);
	int r = dt_parse(blob, FDT_PA, &info, err, sizeof(err));
	CHECK(r == 0);
	CHECK(err[0] == '\0');
	if (r)
		fprintf(stderr, "  %s: dt_parse = %d (%s)\n", name, r, err);
	return blob;
}

static int count_reserved(const char *why)
{
	int n = 0;
	for (int i = 0; i < info.nreserved; i++)
		n += strcmp(info.reserved[i].why, why) == 0;
	return n;
}

/* The nth (from 0) reserved entry with this reason, or NULL. */
static const struct dt_reserved *reserved(const char *why, int nth)
{
	for (int i = 0; i < info.nreserved; i++)
		if (strcmp(info.reserved[i].why, why) == 0 && nth-- == 0)
			return &info.reserved[i];
	return NULL;
}

static int reserved_is(const char *why, int nth, uint64_t base, uint64_t size, int no_map)
{
	const struct dt_reserved *r = reserved(why, nth);
	return r && r->base == base && r->size == size && r->no_map == no_map;
}

static int ram_is(int i, uint64_t base, uint64_t size)
{
	return i < info.nram && info.ram[i].base == base && info.ram[i].size == size;
}

static int dtb_reserved(const void *blob)
{
	return reserved_is("dtb", 0, FDT_PA, fdt_totalsize(blob), 0);
}

static int virt_uart(void)
{
	return info.uart.kind == UART_NS16550 && info.uart.base == 0x10000000 &&
	       info.uart.size == 0x100 && info.uart.reg_shift == 0 && info.uart.reg_io_width == 1;
}

/* QEMU's: value 0x5555 without a mask, at offset 0 of its sifive,test finisher. */
static int virt_poweroff(void)
{
	return info.poweroff.base == 0x100000 && info.poweroff.size == 0x1000 &&
	       info.poweroff.offset == 0 && info.poweroff.value == 0x5555 &&
	       info.poweroff.mask == ~0u && info.poweroff.sifive_test;
}

static void qemu_virt(void)
{
	void *blob = parse_ok("qemu-virt");
	CHECK(info.nram == 1 && ram_is(0, 0x80000000, 0x20000000));
	CHECK(info.nreserved == 3);
	CHECK(reserved_is("mmode_resv0@80000000", 0, 0x80000000, 0x80000, 0));
	CHECK(dtb_reserved(blob));
	CHECK(reserved_is("initrd", 0, 0x88200000, 0x80000, 0));
	CHECK(info.initrd_start == 0x88200000 && info.initrd_end == 0x88280000);
	CHECK(strcmp(info.bootargs, "console=ttyS0 init=/init") == 0);
	CHECK(info.nharts == 2);
	CHECK(info.harts[0].hartid == 0 && info.harts[1].hartid == 1);
	CHECK(info.harts[0].has_sstc && info.harts[1].has_sstc);
	CHECK(info.timebase_hz == 10000000);
	CHECK(virt_uart());
	CHECK(virt_poweroff());
	free(blob);
}

static void two_memory_nodes_with_a_hole(void)
{
	void *blob = parse_ok("two-regions-hole");
	CHECK(info.nram == 2);
	CHECK(ram_is(0, 0x80000000, 0x10000000));
	CHECK(ram_is(1, 0x90100000, 0x0ff00000));
	CHECK(info.nreserved == 1 && dtb_reserved(blob));
	CHECK(virt_uart() && virt_poweroff());
	free(blob);
}

static void one_memory_node_several_reg_entries(void)
{
	void *blob = parse_ok("multi-reg");
	CHECK(info.nram == 3);
	CHECK(ram_is(0, 0x80000000, 0x10000000));
	CHECK(ram_is(1, 0x90000000, 0x08000000));
	CHECK(ram_is(2, 0x98000000, 0x07f00000));
	free(blob);
}

static void one_cell_addresses_and_sizes(void)
{
	void *blob = parse_ok("cells32");
	CHECK(info.nram == 1 && ram_is(0, 0x80000000, 0x20000000));
	CHECK(info.nreserved == 2);
	CHECK(reserved_is("mmode_resv0@80000000", 0, 0x80000000, 0x80000, 0));
	CHECK(virt_uart() && virt_poweroff());
	free(blob);
}

static void reserved_regions(void)
{
	void *blob = parse_ok("reserved");
	CHECK(info.nreserved == 8);
	CHECK(count_reserved("/memreserve/") == 2);
	CHECK(reserved_is("/memreserve/", 0, 0x9ff00000, 0x1234, 0));
	CHECK(reserved_is("/memreserve/", 1, 0x80600010, 0x20, 0));
	CHECK(reserved_is("mmode_resv0@80000000", 0, 0x80000000, 0x80000, 0));
	CHECK(reserved_is("shared-fw@9e000800", 0, 0x9e000800, 0x1800, 1));
	CHECK(count_reserved("two-pieces@9d000000") == 2);
	CHECK(reserved_is("two-pieces@9d000000", 0, 0x9d000000, 0x1000, 0));
	CHECK(reserved_is("two-pieces@9d000000", 1, 0x9d100000, 0x2000, 0));
	/* The reason keeps the first 31 characters of the node name. */
	CHECK(reserved_is("this-name-is-longer-than-31-cha", 0, 0x9c000000, 0x1000, 1));
	CHECK(count_reserved("dma-pool") == 0 && count_reserved("off@9b000000") == 0);
	CHECK(dtb_reserved(blob));
	free(blob);
}

static void empty_chosen(void)
{
	void *blob = parse_ok("no-initrd");
	CHECK(info.initrd_start == 0 && info.initrd_end == 0);
	CHECK(count_reserved("initrd") == 0 && info.nreserved == 1);
	CHECK(info.bootargs && strcmp(info.bootargs, "") == 0);
	CHECK(virt_uart());
	free(blob);
}

static void two_cell_initrd(void)
{
	void *blob = parse_ok("initrd64");
	CHECK(info.initrd_start == 0x8c300000 && info.initrd_end == 0x8c3a1234);
	CHECK(reserved_is("initrd", 0, 0x8c300000, 0xa1234, 0));
	CHECK(strcmp(info.bootargs, "console=ttyS0,115200 root=/dev/ram0") == 0);
	CHECK(virt_uart());
	free(blob);
}

static void visionfive2(void)
{
	void *blob = parse_ok("visionfive2");
	CHECK(info.nram == 1 && ram_is(0, 0x40000000, 0x100000000));
	CHECK(info.nreserved == 2);
	CHECK(reserved_is("opensbi@40000000", 0, 0x40000000, 0x80000, 1));
	CHECK(info.nharts == 4);
	for (int i = 0; i < info.nharts && i < 4; i++) {
		CHECK(info.harts[i].hartid == (uint32_t)i + 1);
		CHECK(!info.harts[i].has_sstc);
	}
	CHECK(info.timebase_hz == 4000000);
	CHECK(info.uart.kind == UART_NS16550 && info.uart.base == 0x10000000);
	CHECK(info.uart.size == 0x10000);
	CHECK(info.uart.reg_shift == 2 && info.uart.reg_io_width == 4);
	CHECK(info.poweroff.base == 0 && info.poweroff.size == 0 && info.poweroff.value == 0);
	CHECK(info.initrd_start == 0 && info.initrd_end == 0);
	free(blob);
}

/* StarFive's factory U-Boot tree: the S7 (hart 0) is enabled, has an mmu-type and a U74
 * compatible, and only its "rv64imacu" tells it apart. */
static void visionfive2_factory_tree(void)
{
	void *blob = parse_ok("visionfive2-factory");
	CHECK(info.nharts == 4);
	for (int i = 0; i < info.nharts && i < 4; i++)
		CHECK(info.harts[i].hartid == (uint32_t)i + 1);
	CHECK(info.nram == 1 && ram_is(0, 0x40000000, 0x100000000));
	CHECK(reserved_is("opensbi", 0, 0x40000000, 0x80000, 1));
	CHECK(info.timebase_hz == 4000000);
	CHECK(info.uart.kind == UART_NS16550 && info.uart.base == 0x10000000);
	CHECK(info.uart.reg_shift == 2 && info.uart.reg_io_width == 4);
	free(blob);
}

/* QEMU's microchip-icicle-kit as dts/icicle-kit.dts describes it: hart 0 (an E51) enabled
 * with an mmu-type, skipped; RAM in two gigabyte-apart places. */
static void icicle_kit(void)
{
	void *blob = parse_ok("icicle-kit");
	CHECK(info.nharts == 4);
	for (int i = 0; i < info.nharts && i < 4; i++)
		CHECK(info.harts[i].hartid == (uint32_t)i + 1 && !info.harts[i].has_sstc);
	CHECK(info.nram == 2 && ram_is(0, 0x80000000, 0x40000000));
	CHECK(ram_is(1, 0x1000000000, 0x40000000));
	CHECK(info.timebase_hz == 1000000);
	CHECK(info.uart.kind == UART_NS16550 && info.uart.base == 0x20000000);
	CHECK(info.uart.size == 0x400 && info.uart.reg_shift == 2 && info.uart.reg_io_width == 4);
	CHECK(info.poweroff.base == 0);
	free(blob);
}

static void sifive_u(void)
{
	void *blob = parse_ok("sifive-u");
	CHECK(info.nram == 1 && ram_is(0, 0x80000000, 0x8000000));
	CHECK(info.nharts == 4 && info.harts[0].hartid == 1 && info.harts[3].hartid == 4);
	CHECK(!info.harts[0].has_sstc);
	CHECK(info.timebase_hz == 1000000);
	CHECK(info.uart.kind == UART_SIFIVE && info.uart.base == 0x10010000);
	CHECK(info.uart.size == 0x1000 && info.uart.reg_shift == 0 && info.uart.reg_io_width == 1);
	CHECK(info.poweroff.base == 0);
	CHECK(strcmp(info.bootargs, "") == 0);
	free(blob);
}

static void harts(void)
{
	void *blob = parse_ok("harts");
	/* cpu@2 (disabled), cpu@3 (mmu-type "riscv,none"), cpu@4 (a "sifive,s7") and cpu@6
	 * (U-mode without S-mode) are not usable; cpu@5 ("rv64imafdcsu") is. */
	CHECK(info.nharts == 3);
	CHECK(info.harts[0].hartid == 0 && info.harts[1].hartid == 1 && info.harts[2].hartid == 5);
	/* cpu@0: the riscv,isa-extensions list wins over a riscv,isa without Sstc. */
	CHECK(info.harts[0].has_sstc);
	/* cpu@1: "SSTC" matches (extension names are case-insensitive). */
	CHECK(info.harts[1].has_sstc);
	free(blob);
}

static void translation_through_ranges(void)
{
	void *blob = parse_ok("ranges");
	CHECK(info.uart.kind == UART_NS16550 && info.uart.base == 0x410000000);
	CHECK(info.poweroff.base == 0x400100000 && info.poweroff.size == 0x1000);
	CHECK(info.nharts == 1 && info.timebase_hz == 10000000);
	free(blob);
}

/* The syscon and the console come before the nodes that name them. */
static void targets_before_their_references(void)
{
	void *blob = parse_ok("late-refs");
	CHECK(virt_uart());
	CHECK(virt_poweroff());
	CHECK(info.nram == 1 && ram_is(0, 0x80000000, 0x20000000));
	free(blob);
}

/* Every bus level with its own cell sizes and ranges. */
static void reg_through_buses_with_their_own_cells(void)
{
	void *blob = parse_ok("buses");
	CHECK(info.nram == 2);
	CHECK(ram_is(0, 0x80000000, 0x10000000));
	CHECK(ram_is(1, 0xa0000000, 0x08000000));
	CHECK(info.nreserved == 2 && reserved_is("fw@100000", 0, 0x80100000, 0x2000, 1));
	CHECK(info.uart.kind == UART_NS16550 && info.uart.base == 0xaf000000);
	CHECK(info.uart.size == 0x100);
	CHECK(info.nharts == 1 && info.timebase_hz == 10000000);
	free(blob);
}

/* dt_free_ram over info: ranges page-aligned, in RAM, touching no reserved page, and
 * every RAM page no reservation touches in one of them. Brute force, page by page. */
static struct phys_range free_ram[DT_MAX_FREE_RAM];

static int page_reserved(uint64_t page)
{
	for (int i = 0; i < info.nreserved; i++) {
		const struct dt_reserved *r = &info.reserved[i];
		if (page + 4096 > r->base && page < r->base + r->size)
			return 1;
	}
	return 0;
}

static int page_free(int nfree, uint64_t page)
{
	for (int i = 0; i < nfree; i++)
		if (page >= free_ram[i].base && page < free_ram[i].base + free_ram[i].size)
			return 1;
	return 0;
}

static int check_free_ram(void)
{
	int n = dt_free_ram(&info, free_ram, DT_MAX_FREE_RAM), bad = 0;

	for (int i = 0; i < n; i++)
		bad += free_ram[i].size == 0 || (free_ram[i].base | free_ram[i].size) % 4096 != 0;
	for (int r = 0; r < info.nram; r++) {
		uint64_t first = (info.ram[r].base + 4095) / 4096 * 4096;
		uint64_t end = (info.ram[r].base + info.ram[r].size) / 4096 * 4096;
		for (uint64_t page = first; page < end; page += 4096)
			bad += page_free(n, page) == page_reserved(page);
	}
	CHECK(bad == 0);
	return n;
}

static int free_is(int i, uint64_t base, uint64_t end)
{
	return free_ram[i].base == base && free_ram[i].base + free_ram[i].size == end;
}

/* What the kernel maps before its final page tables and the page allocator hands out:
 * RAM minus every reserved region, whole pages. */
static void free_ram_of_every_tree(void)
{
	static const char *const trees[] = {
		"qemu-virt", "two-regions-hole", "multi-reg", "cells32", "reserved", "no-initrd",
		"initrd64", "visionfive2", "visionfive2-factory", "sifive-u", "harts", "ranges",
		"late-refs", "buses", "icicle-kit",
	};
	for (size_t t = 0; t < sizeof(trees) / sizeof(trees[0]); t++) {
		void *blob = parse_ok(trees[t]);
		if (check_free_ram() == 0)
			fprintf(stderr, "  %s: no free RAM\n", trees[t]);
		free(blob);
	}
}

/* QEMU virt: OpenSBI's region (which has no no-map there), the initrd and the dtb are
 * left out; the RAM between OpenSBI and the kernel's load address is in. */
static void free_ram_of_qemu_virt(void)
{
	void *blob = parse_ok("qemu-virt");
	uint64_t dtb_end = (FDT_PA + fdt_totalsize(blob) + 4095) / 4096 * 4096;
	CHECK(check_free_ram() == 3);
	CHECK(free_is(0, 0x80080000, 0x88200000));
	CHECK(free_is(1, 0x88280000, FDT_PA));
	CHECK(free_is(2, dtb_end, 0xa0000000));
	free(blob);
}

/* Unaligned, overlapping and adjacent reservations, and RAM whose ends are not page
 * aligned. */
static void free_ram_around_odd_reservations(void)
{
	memset(&info, 0, sizeof(info));
	info.nram = 2;
	info.ram[0] = (struct phys_range){ 0x80000800, 0x10000000 - 0x1000 };  /* 0x8ffff800 */
	info.ram[1] = (struct phys_range){ 0x100000000, 0x100000 };
	struct dt_reserved r[] = {
		{ .base = 0x80010010, .size = 0x20 },         /* inside one page */
		{ .base = 0x80020000, .size = 0x3000 },       /* overlaps the next */
		{ .base = 0x80021000, .size = 0x4000 },
		{ .base = 0x80025000, .size = 0x1000 },       /* adjacent to it */
		{ .base = 0x8fff0000, .size = 0x20000 },      /* past the end of RAM */
		{ .base = 0x100000000, .size = 0x100000 },    /* all of the second region */
	};
	info.nreserved = sizeof(r) / sizeof(r[0]);
	memcpy(info.reserved, r, sizeof(r));
	CHECK(check_free_ram() == 3);
	CHECK(free_is(0, 0x80001000, 0x80010000));
	CHECK(free_is(1, 0x80011000, 0x80020000));
	CHECK(free_is(2, 0x80026000, 0x8fff0000));
	/* At most max ranges are written. */
	CHECK(dt_free_ram(&info, free_ram, 1) == 1 && free_is(0, 0x80001000, 0x80010000));
}

/* dt_parse must fail with a negative code and exactly this reason (or one starting
 * with prefix), and not crash. */
static void expect_failure(const void *blob, int code, const char *prefix)
{
	int r = dt_parse(blob, FDT_PA, &info, err, sizeof(err));
	CHECK(r == code);
	CHECK(strncmp(err, prefix, strlen(prefix)) == 0);
	if (r != code || strncmp(err, prefix, strlen(prefix)) != 0)
		fprintf(stderr, "  got %d \"%s\"\n", r, err);
}

static void bad_magic(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	fdt_set_magic(blob, 0x12345678);
	expect_failure(blob, -EINVAL, "bad device tree header: FDT_ERR_BADMAGIC");
	CHECK(strcmp(err, "bad device tree header: FDT_ERR_BADMAGIC") == 0);
	free(blob);
}

static void bad_version(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	fdt_set_version(blob, 1);
	expect_failure(blob, -EINVAL, "bad device tree header: FDT_ERR_BADVERSION");
	free(blob);
}

/* Only the 40-byte header survived, and its totalsize says so. */
static void truncated_to_the_header(void)
{
	size_t size;
	void *full = load_dtb("qemu-virt", &size);
	void *blob = malloc(40);
	memcpy(blob, full, 40);
	fdt_set_totalsize(blob, 40);
	expect_failure(blob, -EINVAL, "bad device tree header: FDT_ERR_TRUNCATED");
	free(blob);
	free(full);
}

/* totalsize claims far more than the buffer: refused before anything past the header
 * is read (a smaller lie, within 2 MiB, cannot be told from the truth). */
static void totalsize_beyond_the_buffer(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	fdt_set_totalsize(blob, 0x40000000);
	expect_failure(blob, -EINVAL, "bad device tree header: totalsize above 2 MiB");
	free(blob);
}

/* Found by tests/fuzz/fuzz_dt.c: a structure block off a 4-byte boundary made libfdt
 * load misaligned words; so would a reservation block off an 8-byte one. A blob at a
 * misaligned address libfdt refuses itself. */
static void misaligned_blocks(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	char *shifted = malloc(size + 4);

	fdt_set_off_dt_struct(blob, fdt_off_dt_struct(blob) + 1);
	expect_failure(blob, -EINVAL, "bad device tree header: blob or block not aligned");
	fdt_set_off_dt_struct(blob, fdt_off_dt_struct(blob) - 1);
	fdt_set_off_mem_rsvmap(blob, fdt_off_mem_rsvmap(blob) + 4);
	expect_failure(blob, -EINVAL, "bad device tree header: blob or block not aligned");
	fdt_set_off_mem_rsvmap(blob, fdt_off_mem_rsvmap(blob) - 4);
	memcpy(shifted + 4, blob, size);
	expect_failure(shifted + 4, -EINVAL, "bad device tree header: FDT_ERR_ALIGNMENT");
	free(shifted);
	free(blob);
}

/* The structure block ends in the middle of the tree (libfdt reports TRUNCATED or
 * BADSTRUCTURE depending on where the cut falls). */
static void truncated_structure_block(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	fdt_set_size_dt_struct(blob, fdt_size_dt_struct(blob) / 2);
	expect_failure(blob, -EINVAL, "bad device tree structure: FDT_ERR_");
	free(blob);
}

/* A property name that points outside the strings block. */
static void property_name_out_of_bounds(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int node = fdt_path_offset(blob, "/soc/serial@10000000");
	int prop = fdt_first_property_offset(blob, node);
	CHECK(node >= 0 && prop >= 0);
	struct fdt_property *p = (struct fdt_property *)fdt_get_property_by_offset(blob, prop, NULL);
	p->nameoff = cpu_to_fdt32(0x7ffffff0);
	expect_failure(blob, -EINVAL, "bad device tree structure: FDT_ERR_BADOFFSET");
	free(blob);
}

static void no_memory_node(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int node = fdt_node_offset_by_prop_value(blob, -1, "device_type", "memory", 7);
	char *type = fdt_getprop_w(blob, node, "device_type", NULL);
	CHECK(type != NULL);
	type[0] = 'M';
	expect_failure(blob, -ENOENT, "no memory node");
	free(blob);
}

static void initrd_ending_at_its_start(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int chosen = fdt_path_offset(blob, "/chosen");
	fdt32_t *end = fdt_getprop_w(blob, chosen, "linux,initrd-end", NULL);
	CHECK(end != NULL);
	*end = cpu_to_fdt32(0x88200000);
	expect_failure(blob, -EINVAL, "linux,initrd-end is not above linux,initrd-start");
	free(blob);
}

static void reg_with_a_partial_entry(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int node = fdt_path_offset(blob, "/memory@80000000");
	fdt32_t *reg = fdt_getprop_w(blob, node, "reg", NULL);
	CHECK(reg != NULL);
	/* Turn the 16-byte reg into 12 bytes plus a NOP tag: a partial entry. */
	struct fdt_property *p = (struct fdt_property *)reg - 1;
	p->len = cpu_to_fdt32(12);
	reg[3] = cpu_to_fdt32(FDT_NOP);
	expect_failure(blob, -EINVAL, "reg is not a whole number of entries: memory@80000000");
	free(blob);
}

static void stdout_path_to_nowhere(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int chosen = fdt_path_offset(blob, "/chosen");
	char *path = fdt_getprop_w(blob, chosen, "stdout-path", NULL);
	CHECK(path != NULL);
	path[strlen(path) - 1] = '1';
	expect_failure(blob, -EINVAL, "stdout-path names no node: /soc/serial@10000001");
	free(blob);
}

static void memory_wrapping_around(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int node = fdt_path_offset(blob, "/memory@80000000");
	fdt32_t *reg = fdt_getprop_w(blob, node, "reg", NULL);
	CHECK(reg != NULL);
	reg[0] = cpu_to_fdt32(0xffffffff);
	reg[1] = cpu_to_fdt32(0xf0000000); /* 0xfffffffff0000000 + 512 MiB */
	expect_failure(blob, -EINVAL, "memory region wraps around: memory@80000000");
	free(blob);
}

static void regmap_to_nowhere(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	int node = fdt_node_offset_by_compatible(blob, -1, "syscon-poweroff");
	fdt32_t *regmap = fdt_getprop_w(blob, node, "regmap", NULL);
	CHECK(regmap != NULL);
	*regmap = cpu_to_fdt32(0x99);
	expect_failure(blob, -EINVAL, "syscon-poweroff regmap names no node: FDT_ERR_NOTFOUND");
	free(blob);
}

/* A syscon-poweroff whose syscon is no sifive,test device, with a value and a mask. */
static void syscon_poweroff_value_and_mask(void)
{
	void *blob = parse_ok("syscon-poweroff");
	CHECK(info.poweroff.base == 0x100000 && info.poweroff.size == 0x1000);
	CHECK(info.poweroff.offset == 0);
	CHECK(info.poweroff.value == 0x00073333 && info.poweroff.mask == 0x0005ffff);
	CHECK(!info.poweroff.sifive_test);
	free(blob);
}

/* The qemu-virt blob, copied with room to add properties; *node: its syscon-poweroff. */
static void *virt_with_room(int *node)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	void *roomy = malloc(size + 256);
	CHECK(roomy && fdt_open_into(blob, roomy, (int)size + 256) == 0);
	free(blob);
	*node = fdt_node_offset_by_compatible(roomy, -1, "syscon-poweroff");
	CHECK(*node >= 0);
	return roomy;
}

/* The binding's first version: mask alone, meaning the value to write. */
static void syscon_poweroff_mask_alone(void)
{
	int node;
	void *blob = virt_with_room(&node);
	CHECK(fdt_delprop(blob, node, "value") == 0);
	CHECK(fdt_setprop_u32(blob, node, "mask", 0x7777) == 0);
	CHECK(dt_parse(blob, FDT_PA, &info, err, sizeof(err)) == 0);
	CHECK(info.poweroff.value == 0x7777 && info.poweroff.mask == ~0u);
	free(blob);
}

static void syscon_poweroff_without_value_or_mask(void)
{
	int node;
	void *blob = virt_with_room(&node);
	CHECK(fdt_delprop(blob, node, "value") == 0);
	expect_failure(blob, -EINVAL, "syscon-poweroff has neither value nor mask");
	free(blob);
}

/* The 32-bit register must lie inside the syscon's reg (0x1000 bytes on QEMU virt). */
static void syscon_poweroff_offsets(void)
{
	int node;
	void *blob = virt_with_room(&node);
	CHECK(fdt_setprop_u32(blob, node, "offset", 0xffc) == 0);
	CHECK(dt_parse(blob, FDT_PA, &info, err, sizeof(err)) == 0 && info.poweroff.offset == 0xffc);
	CHECK(fdt_setprop_u32(blob, node, "offset", 0xffd) == 0);
	expect_failure(blob, -EINVAL, "syscon-poweroff offset outside its syscon: test@100000");
	CHECK(fdt_setprop_u32(blob, node, "offset", 0xfffffffe) == 0);
	expect_failure(blob, -EINVAL, "syscon-poweroff offset outside its syscon: test@100000");
	/* Found by tests/boot_fuzz.py: offset 1 made power_off a misaligned store. */
	CHECK(fdt_setprop_u32(blob, node, "offset", 0x1) == 0);
	expect_failure(blob, -EINVAL, "syscon-poweroff offset not a multiple of 4: test@100000");
	free(blob);
}

/* Gives cpu@0 an empty reg (its one cell becomes a NOP tag). */
static void empty_cpu0_reg(void *blob)
{
	int node = fdt_path_offset(blob, "/cpus/cpu@0");
	fdt32_t *reg = fdt_getprop_w(blob, node, "reg", NULL);
	CHECK(reg != NULL);
	((struct fdt_property *)reg - 1)->len = cpu_to_fdt32(0);
	reg[0] = cpu_to_fdt32(FDT_NOP);
}

/* Several faults are reported in the order of the steps reading them - memory before
 * harts - not in the order the walk meets them: here /cpus comes first. */
static void faults_reported_step_by_step(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	CHECK(fdt_path_offset(blob, "/cpus") < fdt_path_offset(blob, "/memory@80000000"));
	empty_cpu0_reg(blob);
	expect_failure(blob, -EINVAL, "cpu reg is not one hart id: cpu@0");
	int node = fdt_path_offset(blob, "/memory@80000000");
	fdt32_t *reg = fdt_getprop_w(blob, node, "reg", NULL);
	CHECK(reg != NULL);
	((struct fdt_property *)reg - 1)->len = cpu_to_fdt32(12);
	reg[3] = cpu_to_fdt32(FDT_NOP);
	expect_failure(blob, -EINVAL, "reg is not a whole number of entries: memory@80000000");
	free(blob);
}

/* A fault in the structure block outranks the faults of nodes before it. */
static void structure_faults_first(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	empty_cpu0_reg(blob);
	fdt32_t *end = (fdt32_t *)((char *)blob + fdt_off_dt_struct(blob) +
				   fdt_size_dt_struct(blob) - 4);
	CHECK(fdt32_to_cpu(*end) == FDT_END);
	*end = cpu_to_fdt32(0x12345678);
	expect_failure(blob, -EINVAL, "bad device tree structure: FDT_ERR_BADSTRUCTURE");
	free(blob);
}

/* The reason is cut to fit err, and a zero-sized err is left alone. */
static void short_error_buffers(void)
{
	size_t size;
	void *blob = load_dtb("qemu-virt", &size);
	char small[8] = "xxxxxxx";
	fdt_set_magic(blob, 0);
	CHECK(dt_parse(blob, FDT_PA, &info, small, sizeof(small)) == -EINVAL);
	CHECK(strcmp(small, "bad dev") == 0);
	CHECK(dt_parse(blob, FDT_PA, &info, NULL, 0) == -EINVAL);
	free(blob);
}

int main(void)
{
	TEST(qemu_virt);
	TEST(two_memory_nodes_with_a_hole);
	TEST(one_memory_node_several_reg_entries);
	TEST(one_cell_addresses_and_sizes);
	TEST(reserved_regions);
	TEST(empty_chosen);
	TEST(two_cell_initrd);
	TEST(visionfive2);
	TEST(visionfive2_factory_tree);
	TEST(icicle_kit);
	TEST(sifive_u);
	TEST(harts);
	TEST(translation_through_ranges);
	TEST(targets_before_their_references);
	TEST(reg_through_buses_with_their_own_cells);
	TEST(free_ram_of_every_tree);
	TEST(free_ram_of_qemu_virt);
	TEST(free_ram_around_odd_reservations);
	TEST(bad_magic);
	TEST(bad_version);
	TEST(truncated_to_the_header);
	TEST(totalsize_beyond_the_buffer);
	TEST(misaligned_blocks);
	TEST(truncated_structure_block);
	TEST(property_name_out_of_bounds);
	TEST(no_memory_node);
	TEST(initrd_ending_at_its_start);
	TEST(reg_with_a_partial_entry);
	TEST(stdout_path_to_nowhere);
	TEST(memory_wrapping_around);
	TEST(regmap_to_nowhere);
	TEST(syscon_poweroff_value_and_mask);
	TEST(syscon_poweroff_mask_alone);
	TEST(syscon_poweroff_without_value_or_mask);
	TEST(syscon_poweroff_offsets);
	TEST(faults_reported_step_by_step);
	TEST(structure_faults_first);
	TEST(short_error_buffers);
	return TESTS_DONE();
}
