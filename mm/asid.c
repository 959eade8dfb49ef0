/* ASID allocation from a bitmap sized by what the hart implements. */
#include "kernel/spinlock.h"
#include "mm/asid.h"
#include "mm/kvm.h"
#include "riscv/csr.h"
#include "mm/tlb.h"

#define MAX_ASIDS 4096   /* more than enough processes; the rest of a 16-bit space is unused */

static uint64_t used[MAX_ASIDS / 64] = { 1 };   /* ASID 0 is never handed out */
static struct spinlock asid_lock = SPINLOCK_INIT("asid");
int asid_bits;

/* satp.ASID is WARL: writing all ones and reading back gives the implemented bits
 * (privileged spec, "Supervisor Address Translation and Protection Register"). */
int asid_detect_bits(uint64_t root)
{
	uint64_t satp;

	__asm__ volatile("csrw satp, %0" ::"r"(kvm_satp(root, 0xffff)));
	__asm__ volatile("csrr %0, satp" : "=r"(satp));
	satp_write(kvm_satp(root, 0));
	sfence_vma_all();
	uint64_t asid = (satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	int bits = 0;
	while (asid & (1UL << bits))
		bits++;
	return bits;
}

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
