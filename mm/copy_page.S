/* void copy_page(void *dst, const void *src): copies a 4 KiB page, the bulk of a
 * copy-on-write fault: its 1024 loads and stores and nothing else (4 KiB of code, for the
 * 30 instructions a page that a loop of 64 words an iteration cost). Eight words at a
 * time are loaded, then stored, so that no store waits on the load just before it. The
 * second half goes from bases 2047 bytes on (an offset reaches 2047, a 12-bit signed
 * immediate). Uses only registers the caller may lose: t3..t6 belong to the user while
 * the kernel runs (docs/traps.md). */
	.section .text
	.globl copy_page

.macro COPY_HALF from
	.set	offset, \from
	.rept	32
	ld	a2, offset(a1)
	ld	a3, offset + 8(a1)
	ld	a4, offset + 16(a1)
	ld	a5, offset + 24(a1)
	ld	a6, offset + 32(a1)
	ld	a7, offset + 40(a1)
	ld	t0, offset + 48(a1)
	ld	t1, offset + 56(a1)
	sd	a2, offset(a0)
	sd	a3, offset + 8(a0)
	sd	a4, offset + 16(a0)
	sd	a5, offset + 24(a0)
	sd	a6, offset + 32(a0)
	sd	a7, offset + 40(a0)
	sd	t0, offset + 48(a0)
	sd	t1, offset + 56(a0)
	.set	offset, offset + 64
	.endr
.endm

copy_page:
	COPY_HALF 0
	addi	a0, a0, 2047
	addi	a1, a1, 2047
	COPY_HALF 1
	ret
