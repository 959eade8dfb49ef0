/* ASID generations (see mm/asid.h; the lock-free fast path is asid_switch there). */
#include <string.h>
#include "kernel/cpu.h"
#include "kernel/spinlock.h"
#include "mm/asid.h"

#define MAX_ASID_BITS 16

int asid_bits;
uint64_t asid_mask;

int asid_in_use;
static uint64_t num_asids;
uint64_t asid_generation;              /* multiple of num_asids; read without the lock */
static uint64_t used[(1UL << MAX_ASID_BITS) / 64];   /* this generation's ASIDs */
static uint64_t next_asid;             /* where the search for a free ASID starts */
uint64_t asid_active[MAX_CPUS];        /* context each hart runs; 0 once a rollover took it */
static uint64_t reserved[MAX_CPUS];    /* context each hart ran at the last rollover */
static uint64_t flush_pending;         /* harts that must flush before their next switch */
static struct spinlock asid_lock = SPINLOCK_INIT("asid");

void asid_init(int bits, int harts)
{
	if (bits > MAX_ASID_BITS)
		bits = MAX_ASID_BITS;
	asid_bits = bits;
	num_asids = 1UL << bits;
	/* As Linux: ASIDs only if every hart can keep one across a rollover and a few are
	 * left to hand out. */
	asid_in_use = num_asids > 2 * (uint64_t)harts;
	asid_mask = asid_in_use ? num_asids - 1 : 0;
	asid_generation = num_asids;
	memset(used, 0, sizeof(used));
	used[0] = 1;   /* ASID 0 is the kernel's tables' (kvm_activate) */
	next_asid = 1;
	memset(asid_active, 0, sizeof(asid_active));
	memset(reserved, 0, sizeof(reserved));
	flush_pending = 0;
}

static int test_and_set(uint64_t asid)
{
	uint64_t bit = 1UL << (asid % 64);
	int was = (used[asid / 64] & bit) != 0;
	used[asid / 64] |= bit;
	return was;
}

/* A free ASID at or after `from`, or 0. */
static uint64_t find_free(uint64_t from)
{
	for (uint64_t a = from; a < num_asids; a++)
		if (!(used[a / 64] & (1UL << (a % 64))))
			return a;
	return 0;
}

/* Every hart keeps the ASID it runs; all others become free, and each hart flushes
 * before it next switches (asid_switch), so no entry of the old generation survives
 * anywhere once the number is handed out again. */
static void new_generation(void)
{
	__atomic_store_n(&asid_generation, asid_generation + num_asids, __ATOMIC_RELAXED);
	memset(used, 0, sizeof(used));
	used[0] |= 1;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		uint64_t ctx = __atomic_exchange_n(&asid_active[cpu], 0, __ATOMIC_RELAXED);
		/* A hart that switched to nothing since the last rollover still runs its
		 * reserved context. */
		if (!ctx)
			ctx = reserved[cpu];
		if (ctx)
			test_and_set(ctx & asid_mask);
		reserved[cpu] = ctx;
	}
	flush_pending = ~0UL;
	next_asid = 1;
}

/* A context of the old generation that some hart ran at the rollover keeps its ASID. */
static int keep_reserved(uint64_t old, uint64_t fresh)
{
	int hit = 0;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if (reserved[cpu] == old) {
			reserved[cpu] = fresh;
			hit = 1;
		}
	return hit;
}

static uint64_t new_context(uint64_t old)
{
	if (old) {
		uint64_t fresh = asid_generation | (old & asid_mask);
		if (keep_reserved(old, fresh) || !test_and_set(old & asid_mask))
			return fresh;
	}
	uint64_t asid = find_free(next_asid);
	if (!asid) {
		new_generation();
		asid = find_free(1);
	}
	test_and_set(asid);
	next_asid = asid + 1;
	return asid_generation | asid;
}

/* A new context, or a flush owed: under the lock. */
uint16_t asid_switch_slow(uint64_t *context, int cpu, int *flush_all)
{
	*flush_all = 0;
	unsigned long flags = spin_lock_irqsave(&asid_lock);
	uint64_t ctx = *context;
	if ((ctx & ~asid_mask) != asid_generation) {
		ctx = new_context(ctx);
		__atomic_store_n(context, ctx, __ATOMIC_RELAXED);
	}
	if (flush_pending & (1UL << cpu)) {
		flush_pending &= ~(1UL << cpu);
		*flush_all = 1;
	}
	__atomic_store_n(&asid_active[cpu], ctx, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&asid_lock, flags);
	return asid_of(ctx);
}
