/* spin_wait_while_locked for spin_acquire's inline contended path (kernel/spinlock.h):
 * entered by `call t1, spin_wait_while_locked_t1` with t0 = the lock word, it saves every
 * other register the C calling convention lets a callee clobber and returns through t1
 * (not t3-t6, which the kernel's C code never uses: -ffixed-t3..t6, docs/traps.md).
 * So the inline lock clobbers only t0 and t1 and a function that takes a lock stays a
 * leaf, without a stack frame, as the uncontended path needs none (docs/locking.md,
 * "Cost"). */
	.section .text
	.globl spin_wait_while_locked_t1
spin_wait_while_locked_t1:
	addi sp, sp, -96
	sd ra, 0(sp)
	sd t0, 8(sp)
	sd t1, 16(sp)
	sd t2, 24(sp)
	sd a0, 32(sp)
	sd a1, 40(sp)
	sd a2, 48(sp)
	sd a3, 56(sp)
	sd a4, 64(sp)
	sd a5, 72(sp)
	sd a6, 80(sp)
	sd a7, 88(sp)
	mv a0, t0
	call spin_wait_while_locked
	ld ra, 0(sp)
	ld t0, 8(sp)
	ld t1, 16(sp)
	ld t2, 24(sp)
	ld a0, 32(sp)
	ld a1, 40(sp)
	ld a2, 48(sp)
	ld a3, 56(sp)
	ld a4, 64(sp)
	ld a5, 72(sp)
	ld a6, 80(sp)
	ld a7, 88(sp)
	addi sp, sp, 96
	jr t1
