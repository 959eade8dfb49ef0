/* Host tests for the ASID generations (mm/asid.c): harts play switches between address
 * spaces, and a model of each hart's TLB checks that no hart ever runs an address space
 * under an ASID whose entries it may still hold from another one. */
#include <stdlib.h>
#include <string.h>
#include "kernel/cpu.h"
#include "mm/asid.h"
#include "tests/host/check.h"

#define MMS 200
#define HARTS 8

static uint64_t context[MMS];
/* Per hart, per ASID: which mm's entries the hart may hold under it (-1: none). */
static int tlb[HARTS][1 << 8];
static int flushes[HARTS];

static void reset(int bits)
{
	asid_init(bits, HARTS);
	memset(context, 0, sizeof(context));
	memset(tlb, 0xff, sizeof(tlb));
	memset(flushes, 0, sizeof(flushes));
}

/* Hart cpu switches to mm: returns the ASID, checking the TLB model. */
static uint16_t run(int cpu, int mm)
{
	int flush_all;
	uint16_t asid = asid_switch(&context[mm], cpu, &flush_all);
	if (flush_all) {
		flushes[cpu]++;
		memset(tlb[cpu], 0xff, sizeof(tlb[cpu]));
	}
	CHECK(asid_mask == 0 || asid != 0);
	CHECK(tlb[cpu][asid] == -1 || tlb[cpu][asid] == mm);
	tlb[cpu][asid] = mm;
	return asid;
}

static void test_same_mm_keeps_its_asid_without_flushing(void)
{
	reset(8);
	uint16_t a = run(0, 1);
	uint16_t b = run(0, 2);
	CHECK(a != b && a && b);
	CHECK(run(0, 1) == a && run(1, 1) == a && run(0, 2) == b);
	CHECK(flushes[0] == 0 && flushes[1] == 0);
}

static void test_rollover_flushes_every_hart_once(void)
{
	reset(5);   /* 32 ASIDs: 31 for processes */
	for (int mm = 0; mm < 31; mm++)
		run(0, mm);
	CHECK(flushes[0] == 0);
	run(1, 0);
	run(0, 31);   /* none left: a new generation */
	CHECK(flushes[0] == 1);
	run(1, 0);
	CHECK(flushes[1] == 1);
	run(1, 0);
	run(0, 31);
	CHECK(flushes[0] == 1 && flushes[1] == 1);
}

static void test_running_mm_keeps_its_asid_across_rollover(void)
{
	reset(5);
	uint16_t kept = run(2, 7);   /* hart 2 keeps running mm 7 */
	for (int mm = 8; mm < 60; mm++)
		run(0, mm);
	/* Another hart joins mm 7 (a thread): the same ASID, new generation. */
	CHECK(run(3, 7) == kept);
	for (int mm = 60; mm < 80; mm++)
		CHECK(run(0, mm) != kept);
}

static void test_no_asids_flush_every_switch(void)
{
	for (int bits = 0; bits <= 4; bits++) {
		reset(bits);
		CHECK(run(0, 1) == 0 && run(0, 1) == 0 && run(0, 2) == 0);
		CHECK(flushes[0] == 3);
	}
}

/* Random switches of many address spaces on every hart, with few ASIDs: the TLB model
 * in run() catches any reuse without a flush. */
static void test_random_switches_never_share_an_asid_unflushed(void)
{
	for (int bits = 5; bits <= 8; bits++) {
		reset(bits);
		srand(bits);
		for (int i = 0; i < 100000; i++)
			run(rand() % HARTS, rand() % MMS);
	}
}

int main(void)
{
	TEST(test_same_mm_keeps_its_asid_without_flushing);
	TEST(test_rollover_flushes_every_hart_once);
	TEST(test_running_mm_keeps_its_asid_across_rollover);
	TEST(test_no_asids_flush_every_switch);
	TEST(test_random_switches_never_share_an_asid_unflushed);
	return TESTS_DONE();
}
