/* Fences on other harts through SBI RFENCE (SBI spec, chapter 8), which returns once every
 * hart named has executed the fence. There is no IPI fallback: every SBI implementation the
 * kernel runs on (OpenSBI on QEMU, the VisionFive 2, sifive_u) has RFENCE, and a missing one
 * is a panic the first time another hart would need a fence. */
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/smp.h"
#include "mm/tlb.h"
#include "riscv/sbi.h"

#define RFENCE_FENCE_I 0
#define RFENCE_SFENCE_VMA 1
#define RFENCE_SFENCE_VMA_ASID 2

uint64_t tlb_online_harts(void)
{
	return __atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE);
}

/* The SBI names harts by hart id in a 64-bit mask from hart_mask_base: one call per
 * 64-id window the harts fall in (one in practice). */
static void rfence(long fid, uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	while (harts) {
		uint64_t base = cpus[__builtin_ctzl(harts)].hartid & ~63UL, ids = 0, rest = 0;
		for (uint64_t h = harts; h; h &= h - 1) {
			uint64_t id = cpus[__builtin_ctzl(h)].hartid;
			if ((id & ~63UL) == base)
				ids |= 1UL << (id - base);
			else
				rest |= h & -h;
		}
		struct sbiret r = sbi_call5(SBI_EXT_RFENCE, fid, (long)ids, (long)base,
					    (long)start, (long)size, (long)asid);
		if (r.error)
			panic("SBI RFENCE %ld to harts 0x%lx (base %lu) failed: error %ld",
			      fid, ids, base, r.error);
		harts = rest;
	}
}

void remote_sfence_vma_asid(uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	rfence(RFENCE_SFENCE_VMA_ASID, harts, start, size, asid);
}

void remote_sfence_vma(uint64_t harts, uint64_t start, uint64_t size)
{
	rfence(RFENCE_SFENCE_VMA, harts, start, size, 0);
}

void remote_fence_i(uint64_t harts)
{
	rfence(RFENCE_FENCE_I, harts, 0, 0, 0);
}
