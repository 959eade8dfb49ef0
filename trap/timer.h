/* The periodic tick and the monotonic clock (rdtime counts at timebase-frequency). */
#ifndef TRAP_TIMER_H
#define TRAP_TIMER_H
#include <stdint.h>

#define TICK_HZ 100

/* Starts the tick: stimecmp when the hart has Sstc and it works, else SBI TIME. */
void timer_init(uint64_t timebase_hz, int dt_says_sstc);
/* Called on each supervisor timer interrupt: counts it and programs the next one. */
void timer_tick(void);
uint64_t timer_ticks(void);
uint64_t timer_now_ns(void);
/* Converts nanoseconds to a future rdtime value. */
uint64_t timer_deadline_after_ns(uint64_t ns);
uint64_t timer_read(void);
int timer_uses_sstc(void);

#endif
