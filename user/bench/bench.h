/* Shared by the benchmark programs in user/bench (run by tools/bench.py, never by runtests).
 * Under QEMU `-icount shift=0` rdinstret counts guest instructions, one per instruction,
 * kernel ones included (docs/benchmarks.md says why it is deterministic). Each result
 * is one line "BENCH <name> <instructions> <units>"; the script divides. */
#ifndef USER_BENCH_BENCH_H
#define USER_BENCH_BENCH_H

#include <stdio.h>
#include <stdlib.h>

static inline unsigned long instret(void)
{
    unsigned long n;
    /* volatile: every read is a point in time, never merged with another or moved. */
    __asm__ volatile("rdinstret %0" : "=r"(n));
    return n;
}

static inline void bench_report(const char *name, unsigned long instructions,
                                 unsigned long units)
{
    printf("BENCH %s %lu %lu\n", name, instructions, units);
}

/* A benchmark whose set-up failed measures nothing: say why and stop. */
static inline _Noreturn void bench_fail(const char *what, long err)
{
    printf("BENCH-ERROR %s (%ld)\n", what, err);
    exit(1);
}

#endif
