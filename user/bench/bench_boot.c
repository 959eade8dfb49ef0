/* The boot benchmark: run as init, it reads rdinstret as the first statement of main and
 * prints it. tools/bench.py subtracts what the firmware ran before the kernel (measured by
 * tools/firmware-probe.S). What runs in between and is not kernel boot: the libc
 * start-up before main (crt0 and start_main, a few dozen instructions). */
#include "bench.h"

int main(void)
{
    unsigned long at_main = instret();

    bench_report("boot_to_main", at_main, 1);
    return bench_finish();
}
