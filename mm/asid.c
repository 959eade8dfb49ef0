/* ASID allocation from a bitmap sized by what the hart implements (mm/kvm.c detects it). */
#include "kernel/spinlock.h"
#include "mm/asid.h"
#include "mm/kvm.h"
#include "mm/tlb.h"

#define MAX_ASIDS 4096   /* more than enough processes; the rest of a 16-bit space is unused */

static uint64_t used[MAX_ASIDS / 64] = { 1 };   /* ASID 0 is never handed out */
static struct spinlock asid_lock = SPINLOCK_INIT("asid");

uint16_t asid_alloc(void)
{
	uint64_t limit = asid_bits >= 12 ? MAX_ASIDS : (1UL << asid_bits);
	uint16_t asid = 0;
	unsigned long flags = spin_lock_irqsave(&asid_lock);

	for (uint64_t w = 0; w * 64 < limit && !asid; w++) {
		if (~used[w]) {
			uint64_t a = w * 64 + __builtin_ctzl(~used[w]);
			if (a < limit) {
				used[w] |= 1UL << (a % 64);
				asid = (uint16_t)a;
			}
		}
	}
	spin_unlock_irqrestore(&asid_lock, flags);
	return asid;
}

void asid_free(uint16_t asid)
{
	if (!asid)
		return;
	sfence_vma_asid(asid);
	unsigned long flags = spin_lock_irqsave(&asid_lock);
	used[asid / 64] &= ~(1UL << (asid % 64));
	spin_unlock_irqrestore(&asid_lock, flags);
}
