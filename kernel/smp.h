/* More than one hart (docs/smp.md): starting the other usable harts through SBI HSM,
 * inter-processor interrupts through SBI IPI, and stopping the other harts when one panics. */
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
/* How long smp_start waits for each hart (ns); one later than that is given up and parks
 * if it ever arrives. 0: every hart is given up as it is started. */
extern uint64_t smp_start_timeout_ns;
/* Whether the hart of slot index arrived after it was given up and parked. */
int smp_hart_parked_late(int index);
/* Enables this hart's supervisor software interrupt (the IPI). */
void smp_enable_ipi(void);
/* Sends an IPI to every hart in cpu_mask (indexes into cpus[]). */
void smp_send_ipi(uint64_t cpu_mask);
/* The supervisor software interrupt: acknowledges it (sip.SSIP), parks the hart if
 * another one panicked and answers remote fence requests (mm/tlb_remote.c). One asking
 * for nothing is harmless (hart_yield leaves such ones, kernel/spin_wait.h). */
void smp_ipi_received(void);
/* Calls call once per group of the harts of cpu_mask (indexes into cpus[]), with the
 * group as SBI names harts: a 64-bit mask of hart ids above a base (hart ids need not be
 * small or dense). For the SBI calls that take such a mask (IPI). */
void smp_for_each_hart_group(uint64_t cpu_mask,
			     void (*call)(uint64_t hart_mask, uint64_t base, void *arg), void *arg);
/* First thing of a panic: makes this hart the one that reports and sends the others an
 * IPI that parks them; a hart that panics second parks at once. Returns 1 if this hart
 * was the one already panicking (a fault while reporting). */
int smp_stop_others(void);
/* Whether a hart other than this one is reporting a panic (printk parks then). */
int smp_other_hart_panicking(void);
/* Stops this hart for good, interrupts off. */
__attribute__((noreturn)) void smp_park(void);

#endif
