/* Waiting for another hart (docs/smp.md, "Waiting for another hart"): every kernel loop
 * that spins until some other hart does something (a contended spinlock, the answers to a
 * remote TLB flush) calls spin_wait_relax at each turn. After a short spin it answers what
 * other harts asked of this one meanwhile (a TLB flush, a panic's stop: interrupts are off
 * in the kernel, so an IPI is not taken while the hart spins) and yields the hart (below). */
#ifndef KERNEL_SPIN_WAIT_H
#define KERNEL_SPIN_WAIT_H

/* Turns of a spin between two yields: short, since a yield costs little on hardware. */
#define SPIN_WAIT_SPINS 64

/* One turn of a wait; *spins starts at 0. */
void spin_wait_relax(unsigned *spins);

/* Returns once *word is 0: the contended path of spin_acquire (kernel/spinlock.h). */
void spin_wait_while_locked(const int *word);

/* Lets the other harts run, if the hart is virtual and they share its host thread; on
 * hardware a hint that costs a spurious software interrupt later. It sets this hart's
 * supervisor software interrupt pending (sip.SSIP, writable by S-mode: privileged spec,
 * "Supervisor Interrupt Registers") and executes wfi with interrupts off. wfi ends once
 * an interrupt enabled in sie is pending, whatever sstatus.SIE says, and may end at once
 * ("Wait for Interrupt"), so it never waits here. Under QEMU 7.2 (helper_wfi, then
 * riscv_cpu_has_work, rr_cpu_thread_fn; boot/icount-smp4) wfi halts the hart and ends its
 * turn; with -icount every hart runs in turn in one host thread, so the next hart runs
 * now, and this one resumes at its next turn since an interrupt is pending. The pending
 * SSIP is taken once interrupts are on again, as an IPI asking for nothing
 * (smp_ipi_received). SSIP is never cleared here, so a real IPI is never lost. Nothing
 * is done before the IPI is enabled in sie (boot, ktest boots): wfi would then wait for
 * some other interrupt. */
void hart_yield(void);

#endif
