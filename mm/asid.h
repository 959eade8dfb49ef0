/* Address-space identifiers (privileged spec, satp.ASID) shared by every hart, handed out
 * in generations as Linux's arch/riscv/mm/context.c does.
 *
 * An mm's context word is generation | ASID (0: it never ran). Switching to an mm whose
 * context is of the current generation costs no lock and no flush; otherwise it gets an ASID
 * of the current generation (its old number if still free). When none is left the generation
 * goes up, every ASID becomes free except those harts are running (they keep theirs), and
 * every hart flushes its whole TLB at its next switch before it can meet a recycled number.
 * An ASID is therefore never given to another mm while some hart may hold entries under it,
 * and an mm going away needs no flush.
 *
 * With too few ASIDs for the harts (0 bits on the JH7110's U74; at most twice as many as
 * harts, as Linux) every mm runs as ASID 0 and
 * each switch flushes the whole TLB. */
#ifndef MM_ASID_H
#define MM_ASID_H
#include <stdint.h>

extern int asid_bits;   /* ASID bits the hart implements (0 on the JH7110's U74) */
/* The ASID part of a context word; 0 when ASIDs are not used. */
extern uint64_t asid_mask;

/* Probes satp.ASID while running on root (left active with ASID 0); returns the bit count. */
int asid_detect_bits(uint64_t root);
/* Sets the allocator up for `bits` implemented ASID bits and up to `harts` harts (before
 * any switch). */
void asid_init(int bits, int harts);
static inline uint16_t asid_of(uint64_t context)
{
	return (uint16_t)(context & asid_mask);
}

/* For the inline fast path of asid_switch (mm/asid.c owns them). */
extern int asid_in_use;
extern uint64_t asid_generation;
extern uint64_t asid_active[];
uint16_t asid_switch_slow(uint64_t *context, int cpu, int *flush_all);

/* The ASID hart `cpu` runs the mm with context word *context under, giving the mm one of
 * the current generation if needed. *flush_all is set when the hart must flush its whole
 * TLB after writing satp (a new generation since its last switch, or no ASIDs). The common
 * case, an mm of the current generation whose hart slot no rollover took meanwhile (the
 * exchange returns what a rollover left, 0 if it took the slot), takes no lock. */
static inline uint16_t asid_switch(uint64_t *context, int cpu, int *flush_all)
{
	if (!asid_in_use) {
		*flush_all = 1;
		return 0;
	}
	uint64_t ctx = __atomic_load_n(context, __ATOMIC_RELAXED);
	if (ctx && (ctx & ~asid_mask) == __atomic_load_n(&asid_generation, __ATOMIC_RELAXED) &&
	    __atomic_exchange_n(&asid_active[cpu], ctx, __ATOMIC_RELAXED)) {
		*flush_all = 0;
		return asid_of(ctx);
	}
	return asid_switch_slow(context, cpu, flush_all);
}

#endif
