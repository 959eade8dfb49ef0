/* Secondary harts, IPIs and stopping on a panic (see kernel/smp.h and docs/smp.md). SBI
 * spec v1.0: HSM (chapter 9), IPI (7). */
#include "lib/bitops.h"
#include "boot/boot.h"
#include "devicetree/dt.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/bootargs.h"
#include "mm/kstack.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "riscv/csr.h"
#include "riscv/fpu.h"
#include "riscv/sbi.h"
#include "trap/timer.h"

/* How long a started hart may take to reach the scheduler (rdtime): far beyond what a
 * hart needs, even a virtual one on a busy host. One that takes longer may not exist at
 * all (a tree listing more harts than the machine has: firmware may still say STOPPED and
 * accept hart_start). A variable so that ktest=latehart can make every hart late. */
uint64_t smp_start_timeout_ns = 5000000000UL;

/* Where the start of each slot's hart stands. The boot hart and the started hart each
 * try to move a slot out of HART_STARTING with one compare-and-swap, so exactly one of
 * "the hart is admitted" and "the boot hart gave up on it" happens: a hart that arrives
 * after the boot hart gave up parks without touching anything shared (an earlier kernel
 * let it join after init existed, and the boot hart later faulted). */
enum { HART_STARTING = 1, HART_ONLINE, HART_GIVEN_UP, HART_PARKED_LATE };
static int start_state[MAX_CPUS];

/* Moves slot index from HART_STARTING to `to`; whether this caller did. */
static int start_state_claim(int index, int to)
{
	int expected = HART_STARTING;

	return __atomic_compare_exchange_n(&start_state[index], &expected, to, 0,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int smp_hart_parked_late(int index)
{
	return __atomic_load_n(&start_state[index], __ATOMIC_ACQUIRE) == HART_PARKED_LATE;
}

int smp_ncpus = 1;
uint64_t smp_online_mask = 1;

/* What boot/entry.S's secondary_entry writes to satp: the kernel's page tables. It reads
 * it with the MMU off, PC-relative. */
uint64_t secondary_satp;
void secondary_entry(void);

static const struct dt_info *machine;
static int panic_cpu = -1;   /* index of the hart reporting a panic */

void smp_for_each_hart_group(uint64_t cpu_mask,
			     void (*call)(uint64_t hart_mask, uint64_t base, void *arg), void *arg)
{
	while (cpu_mask) {
		uint64_t base = cpus[lowest_set_bit(cpu_mask)].hartid, hart_mask = 0;
		for (uint64_t m = cpu_mask; m; m &= m - 1) {
			int i = (int)lowest_set_bit(m);
			if (cpus[i].hartid >= base && cpus[i].hartid - base < 64) {
				hart_mask |= 1UL << (cpus[i].hartid - base);
				cpu_mask &= ~(1UL << i);
			}
		}
		call(hart_mask, base, arg);
	}
}

static void send_ipi(uint64_t hart_mask, uint64_t base, void *arg)
{
	(void)arg;
	struct sbiret r = sbi_send_ipi(hart_mask, base);
	if (r.error)
		panic("SBI send_ipi to harts 0x%lx << %lu: error %ld", hart_mask, base, r.error);
}

void smp_send_ipi(uint64_t cpu_mask)
{
	smp_for_each_hart_group(cpu_mask, send_ipi, NULL);
}

void smp_enable_ipi(void)
{
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_SSIE));
}

void smp_park(void)
{
	__asm__ volatile("csrw sie, zero\n csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

int smp_other_hart_panicking(void)
{
	int p = __atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE);
	return p >= 0 && p != this_cpu()->index;
}

void smp_ipi_received(void)
{
	/* Cleared before the work it asks for is looked at, so a second IPI sent meanwhile
	 * is not lost (privileged spec: SSIP is writable by S-mode). */
	__asm__ volatile("csrc sip, %0" ::"r"(SIE_SSIE));
	if (smp_other_hart_panicking())
		smp_park();
	tlb_answer_requests();
}

/* For a panic: errors are not reported (the report is already under way). */
static void send_ipi_quietly(uint64_t hart_mask, uint64_t base, void *arg)
{
	(void)arg;
	sbi_send_ipi(hart_mask, base);
}

int smp_stop_others(void)
{
	int self = this_cpu()->index, expected = -1;

	if (!__atomic_compare_exchange_n(&panic_cpu, &expected, self, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		if (expected == self)
			return 1;
		smp_park();
	}
	/* An IPI stops a hart in user mode or idle at once; one in the kernel (interrupts
	 * off) stops at its next printk, or when it next returns to user mode or idles. */
	uint64_t others = __atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE) & ~(1UL << self);
	smp_for_each_hart_group(others, send_ipi_quietly, NULL);
	return 0;
}

static int hart_has_sstc(uint32_t hartid)
{
	for (int i = 0; i < machine->nharts; i++)
		if (machine->harts[i].hartid == hartid)
			return machine->harts[i].has_sstc;
	return 0;
}

/* A started hart, from boot/entry.S's secondary_entry: Sv39 on with the kernel's tables,
 * tp = its struct cpu, sp = its scheduler stack, the trap vector installed. */
void secondary_main(void)
{
	struct cpu *c = this_cpu();

	if (!start_state_claim(c->index, HART_ONLINE)) {
		/* Given up: only its own slot's state is written (so ktest=latehart can see it
		 * arrived), then it stays here, IPIs and timer off (secondary_entry cleared sie). */
		__atomic_store_n(&start_state[c->index], HART_PARKED_LATE, __ATOMIC_RELEASE);
		smp_park();
	}
	fpu_start_hart();
	timer_start_hart(hart_has_sstc(c->hartid));
	smp_enable_ipi();
	__atomic_fetch_add(&smp_ncpus, 1, __ATOMIC_RELAXED);
	__atomic_fetch_or(&smp_online_mask, 1UL << c->index, __ATOMIC_RELEASE);
	smp_send_ipi(1UL << 0);   /* ends the boot hart's wait in start_hart */
	scheduler();
}

/* The number of harts the boot options allow: nosmp is maxcpus=1 (as in Linux's
 * Documentation/admin-guide/kernel-parameters.txt); a maxcpus below 1 is taken as 1. */
static int max_cpus_allowed(const char *bootargs)
{
	const char *v = bootarg_value(bootargs, "maxcpus");
	long n = 0;

	if (bootarg_has(bootargs, "nosmp"))
		return 1;
	if (!v)
		return MAX_CPUS;
	for (; *v >= '0' && *v <= '9' && n <= MAX_CPUS; v++)
		n = n * 10 + (*v - '0');
	return n < 1 ? 1 : n > MAX_CPUS ? MAX_CPUS : (int)n;
}

/* Starts a hart as cpus[index]: 0 once it runs; otherwise *why says why not, and the
 * result is 1 if the hart was started all the same but given up (it keeps the slot, which
 * its struct cpu and stacks stay reserved for: if it comes late it parks there), -1 if
 * not started. */
static int start_hart(uint32_t hartid, int index, const char **why)
{
	struct cpu *c = &cpus[index];
	struct kstack stack;
	struct sbiret r = sbi_hart_get_status(hartid);

	*why = r.error ? "unknown to SBI HSM" : "not stopped in SBI HSM";
	if (r.error || r.value != SBI_HSM_STOPPED)
		return -1;
	uint64_t emergency = page_alloc();
	if (!emergency || kstack_alloc(&stack) < 0) {
		if (emergency)
			page_free(emergency);
		*why = "out of memory for its stacks";
		return -1;
	}
	c->index = index;
	c->hartid = hartid;
	c->emergency_sp = (uint64_t)phys_to_virt(emergency) + PAGE_SIZE;
	c->stack_lo = stack.lo;
	c->stack_hi = stack.hi;
	/* A timeout of 0 gives the hart up before it starts, so that it always arrives late
	 * (ktest=latehart): given up only after hart_start, a hart could win the race. */
	int late = smp_start_timeout_ns == 0;
	__atomic_store_n(&start_state[index], late ? HART_GIVEN_UP : HART_STARTING,
			 __ATOMIC_RELEASE);
	r = sbi_hart_start(hartid, kernel_va_to_pa((uint64_t)secondary_entry), (uint64_t)c);
	if (r.error)
		panic("SBI hart_start of hart %u: error %ld", hartid, r.error);
	if (late) {
		*why = "given up at once (start timeout 0)";
		return 1;
	}
	/* Wait in wfi, not by polling: the new hart sends this one an IPI once it is online
	 * (secondary_main). Under QEMU -icount every virtual hart runs in one host thread, in
	 * turn, and QEMU 7.2 gives each one the instructions left until the next timer
	 * event: the first hart of a round that keeps running uses them all up, and the
	 * others get none until something kicks the round. A polling boot hart starved the
	 * hart it waited for (for ever with -smp 2); a hart halted in wfi hands its turn on. */
	uint64_t deadline = timer_deadline_after_ns(smp_start_timeout_ns);
	while (!(__atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE) & (1UL << index))) {
		if (timer_read() >= deadline && start_state_claim(index, HART_GIVEN_UP)) {
			*why = "started through SBI HSM but not running (given up)";
			return 1;
		}
		timer_wfi_until(deadline);
		/* The IPI is not taken as an interrupt (interrupts are off): cleared here, after
		 * the wfi and before the mask is read again, so a later one is not lost. */
		__asm__ volatile("csrc sip, %0" ::"r"(SIE_SSIE));
	}
	return 0;
}

void smp_start(const struct dt_info *dt, uint32_t boot_hartid)
{
	int limit = max_cpus_allowed(dt->bootargs);
	int left_out = dt->harts_unlisted;

	machine = dt;
	smp_enable_ipi();
	if (dt->nharts == 1 && !left_out)
		return;
	if (!sbi_probe_extension(SBI_EXT_HSM) || !sbi_probe_extension(SBI_EXT_IPI)) {
		printk("smp: the firmware lacks SBI HSM or IPI: only hart %u runs\n", boot_hartid);
		return;
	}
	secondary_satp = kvm_satp(kernel_root, 0);
	int next = 1;   /* the next slot of cpus[] */
	for (int i = 0; i < dt->nharts; i++) {
		uint32_t hartid = dt->harts[i].hartid;
		if (hartid == boot_hartid)
			continue;
		if (next >= limit) {
			left_out++;
			continue;
		}
		const char *why;
		int r = start_hart(hartid, next, &why);
		if (r)
			printk("smp: hart %u not started: %s\n", hartid, why);
		/* A hart that was started keeps its slot even if given up: it may still come,
		 * on that slot's stacks, and park there. */
		if (r >= 0)
			next++;
	}
	int online = __atomic_load_n(&smp_ncpus, __ATOMIC_RELAXED);
	printk("smp: %d hart%s online:", online, online == 1 ? "" : "s");
	for (int i = 0; i < next; i++)
		if (__atomic_load_n(&smp_online_mask, __ATOMIC_ACQUIRE) & (1UL << i))
			printk(" %u%s", cpus[i].hartid, i ? "" : "*");
	printk(" (* = boot hart)\n");
	if (left_out)
		printk("smp: %d usable hart%s not started (maxcpus=%d, at most %d)\n", left_out,
		       left_out == 1 ? "" : "s", limit, MAX_CPUS);
}
