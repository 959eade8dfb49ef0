/* More than one hart (docs/smp.md): starting the other usable harts through SBI HSM,
 * inter-processor interrupts through SBI IPI, flushing kernel mappings on every hart
 * through SBI RFENCE, and stopping the other harts when one panics. */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H
#include <stdint.h>

struct dt_info;

/* Harts running the kernel, the boot hart included, and their set (bit i: cpus[i]).
 * Both only grow, at boot. */
extern int smp_ncpus;
extern uint64_t smp_online_mask;

/* Starts every usable hart of the device tree up to the limit the boot options set
 * (nosmp, maxcpus=N) and MAX_CPUS, each into the scheduler; says in the boot log which
 * harts run and which do not. Returns once each started hart is running. */
void smp_start(const struct dt_info *dt, uint32_t boot_hartid);
/* Enables this hart's supervisor software interrupt (the IPI). */
void smp_enable_ipi(void);
/* Sends an IPI to every hart in cpu_mask (indexes into cpus[]). */
void smp_send_ipi(uint64_t cpu_mask);
/* The supervisor software interrupt: acknowledges it (sip.SSIP) and parks the hart if
 * another one panicked. */
void smp_ipi_received(void);
/* A kernel mapping in [start, end) changed: flushes it on the other online harts of
 * cpu_mask and returns once they have (the caller flushes its own hart). */
void smp_flush_kernel_range(uint64_t cpu_mask, uint64_t start, uint64_t end);
/* First thing of a panic: makes this hart the one that reports and sends the others an
 * IPI that parks them; a hart that panics second parks at once. Returns 1 if this hart
 * was the one already panicking (a fault while reporting). */
int smp_stop_others(void);
/* Whether a hart other than this one is reporting a panic (printk parks then). */
int smp_other_hart_panicking(void);
/* Stops this hart for good, interrupts off. */
__attribute__((noreturn)) void smp_park(void);

#endif
