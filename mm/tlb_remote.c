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

struct rfence {
	long fid;
	uint64_t start, size, asid;
};

static void rfence_group(uint64_t ids, uint64_t base, void *arg)
{
	const struct rfence *f = arg;
	struct sbiret r = sbi_call5(SBI_EXT_RFENCE, f->fid, (long)ids, (long)base,
				    (long)f->start, (long)f->size, (long)f->asid);
	if (r.error)
		panic("SBI RFENCE %ld to harts 0x%lx (base %lu) failed: error %ld", f->fid, ids,
		      base, r.error);
}

/* One SBI call per group of hart ids the harts fall in (one in practice). */
static void rfence(long fid, uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	struct rfence f = { fid, start, size, asid };

	smp_for_each_hart_group(harts, rfence_group, &f);
}

void remote_sfence_vma_asid(uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	rfence(RFENCE_SFENCE_VMA_ASID, harts, start, size, asid);
}

void remote_fence_i(uint64_t harts)
{
	rfence(RFENCE_FENCE_I, harts, 0, 0, 0);
}
