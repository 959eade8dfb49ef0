/* How many ASID bits the hart implements. */
#include "mm/asid.h"
#include "mm/kvm.h"
#include "mm/tlb.h"
#include "riscv/csr.h"

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
