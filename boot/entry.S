/* Kernel entry: the RISC-V Linux Image header, then the position-independent early boot.
 *
 * OpenSBI (or U-Boot booti) enters the first byte in S-mode with the MMU off,
 * a0 = hart id, a1 = physical address of the device tree (Linux
 * Documentation/riscv/boot.rst). We run at whatever 2 MiB-aligned address we were loaded
 * at until Sv39 is on, so everything here is PC-relative. */
#include "kernel/cpu.h"
#include "mm/memlayout.h"
#include "riscv/csr.h"

	.section .head.text, "ax"
	.option norvc
	.globl _start_header
_start_header:
	/* code0/code1: an uncompressed jump over the header (boot-image-header.rst). */
	j	boot_entry
	.word	0
	.dword	0x200000		/* text_offset: 2 MiB above the start of RAM */
	.dword	_end - _start		/* image_size, .bss and everything included */
	.dword	0			/* flags: little-endian */
	.word	2			/* version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3: no PE/COFF header */
	.option rvc

boot_entry:
	/* Until the real vector is installed, any trap lands here and is reported. */
	csrw	sie, zero
	la	t0, early_trap
	csrw	stvec, t0
	/* User programs may read the cycle, time and instret counters (the benchmarks read
	 * instret). Firmware leaves scounteren as it likes: OpenSBI 1.1 allows all three,
	 * OpenSBI 1.8 and later only time, and rdcycle / rdinstret then trap as illegal
	 * instructions. So it is set here, for every counter this kernel offers, as Linux's
	 * SBI PMU driver writes 0x7 "to maintain uABI compatibility" (drivers/perf/
	 * riscv_pmu_sbi.c, pmu_sbi_starting_cpu; later kernels only with perf_user_access
	 * set to legacy). A hart started later must do the same before it runs user code. */
	li	t0, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR
	csrw	scounteren, t0
	mv	s2, a0
	mv	s3, a1

	/* .bss, eight words at a time (linker.ld aligns both ends to 64 bytes): a word at a
	 * time cost 0.3 million instructions of boot when the process table was in it (it is
	 * in .noinit now, cleared a slot at a time as slots are first taken). */
	la	t0, __bss_start
	la	t1, __bss_end
	bgeu	t0, t1, 2f
1:	sd	zero, 0(t0)
	sd	zero, 8(t0)
	sd	zero, 16(t0)
	sd	zero, 24(t0)
	sd	zero, 32(t0)
	sd	zero, 40(t0)
	sd	zero, 48(t0)
	sd	zero, 56(t0)
	addi	t0, t0, 64
	bltu	t0, t1, 1b
2:
	la	sp, boot_stack_top
	mv	fp, zero
	la	a0, _start
	mv	a1, s3
	call	boot_paging_setup	/* returns the satp value for the boot tables */

	/* The boot tables identity-map only this code, up to boot_identity_end: from the
	 * switch on, a trap goes to early_trap at its link address. */
	ld	t0, .Learly_trap_high
	csrw	stvec, t0
	sfence.vma
	csrw	satp, a0
	sfence.vma
	/* Still running, through the identity map; now jump to the link address, loaded as
	 * an absolute value from memory. */
	ld	t0, .Lhigh_entry
	jr	t0

	.balign 8
.Lhigh_entry:
	.dword	high_entry
.Learly_trap_high:
	.dword	early_trap
	.globl	boot_identity_end
boot_identity_end:

	.section .text.boot, "ax"
high_entry:
	la	sp, boot_stack_top
	mv	fp, zero
	mv	ra, zero
	la	t0, trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	mv	a0, s2
	mv	a1, s3
	call	kmain
	/* kmain never returns */
3:	wfi
	j	3b

/* A hart kernel/smp.c started through SBI HSM hart_start enters here at its physical
 * address, S-mode, MMU off, a0 = hart id, a1 = its struct cpu (a kernel address, opaque
 * to SBI; SBI spec 9.1). Position-independent until Sv39 is on: the kernel's own page
 * tables (secondary_satp) map no low addresses, so the fetch after the satp write faults
 * and traps to stvec, which already holds the link address of the next instruction (as
 * Linux's relocate_enable_mmu does); if that fetch did not fault, execution continues
 * there all the same. */
	.section .text.boot, "ax"
	.balign 4
	.globl	secondary_entry
secondary_entry:
	csrw	sie, zero
	/* As for the boot hart (above): user code may read these counters on every hart. */
	li	t0, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR
	csrw	scounteren, t0
	mv	tp, a1
	ld	t0, .Lsecondary_high
	csrw	stvec, t0
	ld	t0, secondary_satp
	sfence.vma
	csrw	satp, t0
	.balign 4
1:	sfence.vma
	la	t0, trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	ld	sp, CPU_STACK_HI(tp)
	mv	fp, zero
	mv	ra, zero
	call	secondary_main
	/* secondary_main never returns */
2:	wfi
	j	2b

	.balign 8
.Lsecondary_high:
	.dword	1b

/* Reports a trap taken before the kernel's own trap path exists, through the SBI legacy
 * console (SBI spec chapter 5), then asks SBI for a shutdown (SRST, system failure). */
	.balign 4
early_trap:
	la	a0, .Learly_msg
	call	early_puts
	csrr	a0, scause
	call	early_puthex
	la	a0, .Lsepc_msg
	call	early_puts
	csrr	a0, sepc
	call	early_puthex
	la	a0, .Lstval_msg
	call	early_puts
	csrr	a0, stval
	call	early_puthex
	li	a0, '\n'
	li	a7, 1
	ecall
	li	a7, 0x53525354		/* SRST */
	li	a6, 0			/* system_reset */
	li	a0, 0			/* shutdown */
	li	a1, 1			/* reason: system failure */
	ecall
4:	wfi
	j	4b

early_puts:
	mv	t0, a0
1:	lbu	a0, 0(t0)
	beqz	a0, 2f
	li	a7, 1			/* legacy console_putchar */
	ecall
	addi	t0, t0, 1
	j	1b
2:	ret

early_puthex:
	mv	t0, a0
	li	t1, 60
1:	srl	a0, t0, t1
	andi	a0, a0, 15
	li	t2, 10
	blt	a0, t2, 2f
	addi	a0, a0, 'a' - 10 - '0'
2:	addi	a0, a0, '0'
	li	a7, 1
	ecall
	addi	t1, t1, -4
	bgez	t1, 1b
	ret

	.section .rodata
.Learly_msg:	.asciz "\nearly boot trap: scause=0x"
.Lsepc_msg:	.asciz " sepc=0x"
.Lstval_msg:	.asciz " stval=0x"

	.section .bss
	.balign 8
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
