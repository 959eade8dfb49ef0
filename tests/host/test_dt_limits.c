/* dt_limit_ram, dt_in_mapped_ram and dt_overlaps_ram (devicetree/dt_memory.c): how the
 * boot holds the tree's RAM against the direct map, and its device registers and the
 * places of the tree, image and initrd against the RAM. */
#include <stdint.h>
#include <string.h>
#include "devicetree/dt.h"
#include "tests/host/check.h"

#define END 0x2700000000ull   /* DIRECT_MAP_END_PA */
#define GIB (1ull << 30)

static struct dt_info dt;

static void set_ram(const struct phys_range *ram, int n)
{
	memset(&dt, 0, sizeof(dt));
	memcpy(dt.ram, ram, n * sizeof(*ram));
	dt.nram = n;
}

/* Regions at and above the end go, one across it shrinks, the rest stay in order. */
static void test_limit_cuts_and_reports(void)
{
	const struct phys_range ram[] = {
		{ 0x80000000, 512 << 20 }, { END, GIB }, { 0x2780000000, GIB },
		{ 0x26c0000000, 2 * GIB }, { 1ull << 40, GIB }, { 0x7fc0000000, GIB },
	};
	struct phys_range cut[DT_MAX_RAM];

	set_ram(ram, 6);
	CHECK(dt_limit_ram(&dt, END, cut, DT_MAX_RAM) == 5);
	CHECK(dt.nram == 2);
	CHECK(dt.ram[0].base == 0x80000000 && dt.ram[0].size == 512 << 20);
	CHECK(dt.ram[1].base == 0x26c0000000 && dt.ram[1].size == GIB);
	CHECK(cut[0].base == END && cut[0].size == GIB);
	CHECK(cut[2].base == END && cut[2].size == GIB);
	CHECK(cut[3].base == 1ull << 40);
}

/* 1 TiB from 0x80000000: what lies below the end is kept. */
static void test_limit_one_tebibyte(void)
{
	const struct phys_range ram[] = { { 0x80000000, 1ull << 40 } };
	struct phys_range cut[1];

	set_ram(ram, 1);
	CHECK(dt_limit_ram(&dt, END, cut, 1) == 1);
	CHECK(dt.nram == 1 && dt.ram[0].base + dt.ram[0].size == END);
	CHECK(cut[0].base == END && cut[0].base + cut[0].size == 0x80000000 + (1ull << 40));
}

/* Inside one region and under no no-map reservation; empty and wrapping ranges never. */
static void test_in_mapped_ram(void)
{
	const struct phys_range ram[] = { { 0x80000000, 0x10000000 }, { 0x90100000, 0x100000 } };

	set_ram(ram, 2);
	dt.reserved[0] = (struct dt_reserved){ 0x88000000, 0x1000, "r", 1 };
	dt.reserved[1] = (struct dt_reserved){ 0x89000000, 0x1000, "s", 0 };
	dt.nreserved = 2;
	CHECK(dt_in_mapped_ram(&dt, 0x80200000, 0x80000));
	CHECK(dt_in_mapped_ram(&dt, 0x89000000, 0x1000));
	CHECK(!dt_in_mapped_ram(&dt, 0x87fff000, 0x2000));
	CHECK(!dt_in_mapped_ram(&dt, 0x8ffff000, 0x200000));   /* across the hole */
	CHECK(!dt_in_mapped_ram(&dt, 0x70000000, 0x1000));
	CHECK(!dt_in_mapped_ram(&dt, 0x80000000, 0));
	CHECK(!dt_in_mapped_ram(&dt, UINT64_MAX - 10, 100));
}

static void test_overlaps_ram(void)
{
	const struct phys_range ram[] = { { 0x80000000, 0x10000000 } };

	set_ram(ram, 1);
	CHECK(dt_overlaps_ram(&dt, 0x80400000, 0x100));
	CHECK(dt_overlaps_ram(&dt, 0x7ffff000, 0x2000));
	CHECK(dt_overlaps_ram(&dt, 0x10000000, UINT64_MAX));  /* wraps: reaches RAM */
	CHECK(!dt_overlaps_ram(&dt, 0x10000000, 0x100));
	CHECK(!dt_overlaps_ram(&dt, 0x90000000, 0x100));
}

int main(void)
{
	TEST(test_limit_cuts_and_reports);
	TEST(test_limit_one_tebibyte);
	TEST(test_in_mapped_ram);
	TEST(test_overlaps_ram);
	return TESTS_DONE();
}
