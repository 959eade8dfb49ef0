/* Stands in for current board firmware in one respect, for the test of the kernel's own
 * scounteren setting (tests/qemu_cases.py builds it): OpenSBI 1.8 and later hand over
 * with scounteren = 0x2, U-mode reads of time only, where QEMU's OpenSBI 1.1 allows all
 * counters. QEMU boots this in the kernel's place (an ELF at 0x80200000); it writes
 * scounteren = 0x2 and jumps to the kernel Image loaded 2 MiB higher, with a0 (hart id)
 * and a1 (device tree) as OpenSBI left them. */
	.section .text
	.globl _start
_start:
	li	t0, 0x2			/* scounteren.TM only */
	csrw	scounteren, t0
	la	t0, _start
	li	t1, 0x200000
	add	t0, t0, t1
	jr	t0
