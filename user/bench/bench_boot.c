/* The boot benchmark: run as init, it reads rdinstret as the first statement of main and
 * prints it. tools/bench.py subtracts the count the kernel saw at its entry (the "entry
 * instret" of the boot banner). What runs in between and is not kernel boot: the libc
 * start-up before main (crt0 and start_main, a few dozen instructions). */
#include "bench.h"

int main(void)
{
    unsigned long at_main = instret();

    bench_report("boot_to_main", at_main, 1);
    return 0;
}
