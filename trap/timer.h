/* The periodic tick and the monotonic clock (rdtime counts at timebase-frequency). */
#ifndef TRAP_TIMER_H
#define TRAP_TIMER_H
#include <stdint.h>

#define TICK_HZ 100

/* Starts the boot hart's tick: stimecmp when the hart has Sstc and it works, else SBI
 * TIME. */
void timer_init(uint64_t timebase_hz, int dt_says_sstc);
/* Starts this hart's own tick the same way (each hart has its own timer; harts of one
 * machine may differ in Sstc). timer_init ran first. */
void timer_start_hart(int dt_says_sstc);
/* Called on each supervisor timer interrupt: programs this hart's next one; the boot
 * hart's count the ticks (timer_ticks). */
void timer_tick(void);
uint64_t timer_ticks(void);
/* Around an idle hart's wfi: harts other than the boot hart stop their tick while idle
 * (an IPI wakes them when there is work); the boot hart keeps ticking, which ends timed
 * sleeps on time (kernel/sched.c). */
void timer_idle_enter(void);
void timer_idle_exit(void);
/* With interrupts off, waits in wfi until an interrupt enabled in sie is pending or
 * rdtime reaches deadline, whichever is first (wfi may also end early); then programs
 * the next tick as usual. For waits before the scheduler runs (kernel/smp.c). */
void timer_wfi_until(uint64_t deadline);
uint64_t timer_now_ns(void);
/* Converts a count of rdtime ticks to nanoseconds. */
uint64_t timer_to_ns(uint64_t t);
/* The rdtime value at least ns nanoseconds from now, or UINT64_MAX if too far. */
uint64_t timer_deadline_after_ns(uint64_t ns);
/* The first rdtime value at or after ns nanoseconds since boot, or UINT64_MAX. */
uint64_t timer_deadline_at_ns(uint64_t ns);
/* The length of one rdtime tick in nanoseconds, at least 1 (clock_getres). */
uint64_t timer_resolution_ns(void);
uint64_t timer_read(void);
/* Whether the boot hart uses stimecmp (the boot log). */
int timer_uses_sstc(void);

#endif
