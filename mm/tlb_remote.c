/* Fences on other harts by IPI (docs/smp.md, "TLB shootdown"). The hart asking writes its
 * request (what to fence) into its own slot, marks itself in each target's `from` mask,
 * sends them an SBI IPI (SBI spec, chapter 7: send_ipi returns without waiting for the
 * targets) and waits in S-mode until each has cleared its bit in the request's `waiting`
 * mask. A target answers in its supervisor software interrupt (smp_ipi_received) or, with
 * interrupts off in the kernel, whenever it waits for another hart (spin_wait_relax); so
 * does the asking hart while it waits, so two harts flushing each other both go on, and
 * a hart spinning on a lock the asking hart holds still answers.
 *
 * SBI RFENCE (chapter 8) is not used: OpenSBI carries it out in M-mode and the calling
 * hart spins there until every target has fenced, so under QEMU -icount, where the harts
 * run in turn in one host thread, the call stalls until the caller's turn ends (and a
 * firmware without RFENCE would have no remote fence at all). */
#include "lib/bitops.h"
#include "kernel/cpu.h"
#include "kernel/smp.h"
#include "kernel/spin_wait.h"
#include "mm/tlb.h"

/* What a hart asks of others; one at a time per hart, since it waits for the answers. */
struct tlb_request {
	uint64_t start, size, asid;
	int fence_i;        /* fence.i instead of sfence.vma */
	uint64_t waiting;   /* the targets that have not fenced yet (bit i: cpus[i]) */
} __attribute__((aligned(CACHE_LINE)));

/* The harts with a request for cpus[i] (bit j: requests[j]). */
struct tlb_inbox {
	uint64_t from;
} __attribute__((aligned(CACHE_LINE)));

static struct tlb_request requests[MAX_CPUS];
static struct tlb_inbox inboxes[MAX_CPUS];

static void fence(const struct tlb_request *r)
{
	if (r->fence_i) {
		fence_i();
	} else if (r->size == TLB_FLUSH_ALL || r->size / PAGE_SIZE > TLB_FLUSH_PAGES_MAX) {
		sfence_vma_asid(r->asid);
	} else {
		for (uint64_t va = r->start; va < r->start + r->size; va += PAGE_SIZE)
			sfence_vma_page_asid(va, r->asid);
	}
}

void tlb_answer_requests(void)
{
	int self = this_cpu()->index;

	if (!__atomic_load_n(&inboxes[self].from, __ATOMIC_RELAXED))
		return;
	/* Acquire: the request's fields, and the page-table stores made before it, are
	 * visible before the fence (privileged spec, SFENCE.VMA orders the stores already
	 * visible to this hart before its later implicit page-table reads). */
	uint64_t from = __atomic_exchange_n(&inboxes[self].from, 0, __ATOMIC_ACQUIRE);
	for (; from; from &= from - 1) {
		struct tlb_request *r = &requests[lowest_set_bit(from)];
		fence(r);
		__atomic_fetch_and(&r->waiting, ~(1UL << self), __ATOMIC_RELEASE);
	}
}

static void ask(uint64_t harts, int fence_i, uint64_t start, uint64_t size, uint64_t asid)
{
	int self = this_cpu()->index;
	struct tlb_request *r = &requests[self];
	unsigned spins = 0;

	r->start = start;
	r->size = size;
	r->asid = asid;
	r->fence_i = fence_i;
	__atomic_store_n(&r->waiting, harts, __ATOMIC_RELAXED);
	for (uint64_t m = harts; m; m &= m - 1)
		__atomic_fetch_or(&inboxes[lowest_set_bit(m)].from, 1UL << self, __ATOMIC_RELEASE);
	smp_send_ipi(harts);
	while (__atomic_load_n(&r->waiting, __ATOMIC_ACQUIRE))
		spin_wait_relax(&spins);
}

void remote_sfence_vma_asid(uint64_t harts, uint64_t start, uint64_t size, uint64_t asid)
{
	ask(harts, 0, start, size, asid);
}

void remote_fence_i(uint64_t harts)
{
	ask(harts, 1, 0, 0, 0);
}
