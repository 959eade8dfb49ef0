/* Supervisor timer: SBI TIME extension (SBI spec chapter 6) or the Sstc stimecmp CSR. */
#include "riscv/csr.h"
#include "riscv/sbi.h"
#include "trap/extable.h"
#include "trap/timer.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"

/* The fastest timebase taken: the conversions below multiply a count of at most 10^9
 * by it in 64 bits. Real timers run at a few MHz (10 MHz on QEMU virt, 4 MHz on the
 * JH7110); a timebase-frequency above 10 GHz is a corrupt tree. */
#define TIMEBASE_MAX_HZ 10000000000UL

static uint64_t timebase;
static uint64_t tick_interval;
static int legacy_sbi_timer;   /* firmware without the TIME extension */
static uint64_t ticks;   /* counted by the boot hart; other harts only read it */

uint64_t timer_read(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* Reading stimecmp traps as an illegal instruction unless M-mode enabled Sstc for us
 * (menvcfg.STCE); the exception table turns that trap into "not available". */
static int stimecmp_accessible(void)
{
	uint64_t ok = 0, v;

	__asm__ volatile("1: csrr %1, " CSR_STR(CSR_STIMECMP) "\n"
			 "   li %0, 1\n"
			 "2:\n" EXTABLE_ENTRY(1b, 2b)
			 : "+r"(ok), "=r"(v));
	(void)v;
	return (int)ok;
}

static void program(uint64_t when)
{
	if (this_cpu()->timer_sstc)
		__asm__ volatile("csrw " CSR_STR(CSR_STIMECMP) ", %0" ::"r"(when));
	else
		sbi_set_timer(when, legacy_sbi_timer);
}

void timer_init(uint64_t timebase_hz, int dt_says_sstc)
{
	/* Below TICK_HZ the tick interval would be 0 timer counts: an endless interrupt
	 * storm, a silent hang. */
	if (timebase_hz < TICK_HZ || timebase_hz > TIMEBASE_MAX_HZ)
		panic("timebase-frequency %lu Hz: the timer needs %d to %lu Hz", timebase_hz,
		      TICK_HZ, TIMEBASE_MAX_HZ);
	timebase = timebase_hz;
	tick_interval = timebase / TICK_HZ;
	legacy_sbi_timer = !sbi_probe_extension(SBI_EXT_TIME);
	timer_start_hart(dt_says_sstc);
}

void timer_start_hart(int dt_says_sstc)
{
	this_cpu()->timer_sstc = dt_says_sstc && stimecmp_accessible();
	program(timer_read() + tick_interval);
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
}

void timer_idle_enter(void)
{
	/* "(uint64_t)-1": no timer interrupt, and a pending one cleared (SBI spec 6.1; with
	 * Sstc, STIP follows stimecmp). */
	if (this_cpu()->index != 0)
		program(UINT64_MAX);
}

void timer_idle_exit(void)
{
	if (this_cpu()->index != 0)
		program(timer_read() + tick_interval);
}

void timer_wfi_until(uint64_t deadline)
{
	/* The timer set to the deadline: a tick already pending is cleared (SBI spec 6.1;
	 * with Sstc STIP follows stimecmp), so the wfi does not end at once because of it. */
	program(deadline);
	__asm__ volatile("wfi" ::: "memory");
	program(timer_read() + tick_interval);
}

void timer_tick(void)
{
	if (this_cpu()->index == 0)
		ticks++;
	program(timer_read() + tick_interval);
}

uint64_t timer_ticks(void) { return __atomic_load_n(&ticks, __ATOMIC_RELAXED); }

uint64_t timer_to_ns(uint64_t t)
{
	return t / timebase * 1000000000UL + t % timebase * 1000000000UL / timebase;
}

uint64_t timer_now_ns(void) { return timer_to_ns(timer_read()); }

/* Rounded up, so that a sleep never ends before the time asked for; UINT64_MAX when the
 * result would not fit (too far away to tell: never). */
static uint64_t ns_to_timer(uint64_t ns)
{
	uint64_t sec = ns / 1000000000UL;
	uint64_t part = (ns % 1000000000UL * timebase + 999999999UL) / 1000000000UL;

	if (sec > (UINT64_MAX - part) / timebase)
		return UINT64_MAX;
	return sec * timebase + part;
}

uint64_t timer_deadline_after_ns(uint64_t ns)
{
	uint64_t now = timer_read();
	uint64_t deadline = now + ns_to_timer(ns) + 1;
	return deadline > now ? deadline : UINT64_MAX;
}

uint64_t timer_deadline_at_ns(uint64_t ns) { return ns_to_timer(ns); }

uint64_t timer_resolution_ns(void)
{
	uint64_t ns = 1000000000UL / timebase;
	return ns ? ns : 1;
}

int timer_uses_sstc(void) { return cpus[0].timer_sstc; }
