/* Saving and loading the user's floating-point registers (F and D extensions: f0-f31
 * and fcsr). The kernel itself is built without floating point; these are its only FP
 * instructions, and the caller has made sstatus.FS non-zero so that they do not trap
 * (privileged spec, "Extension Context Status in mstatus Register"). */
	.option	push
	.option	arch, +d
	.section .text
	.globl fpu_save, fpu_load, fpu_zero

/* fpu_save(struct fp_state *s): f0-f31 to s->f[0..31], fcsr to s->fcsr. */
fpu_save:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\n, \n * 8(a0)
	.endr
	frcsr	t0
	sw	t0, 32 * 8(a0)
	ret

/* fpu_load(const struct fp_state *s) */
fpu_load:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\n, \n * 8(a0)
	.endr
	lw	t0, 32 * 8(a0)
	fscsr	t0
	ret

/* fpu_zero(): every register and fcsr 0, the state a new program starts with. */
fpu_zero:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fmv.d.x	f\n, zero
	.endr
	fscsr	zero
	ret
	.option	pop
