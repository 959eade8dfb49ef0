/* Context switch and stack switch. The callee-saved registers need saving, as the switch
 * is an ordinary function call as far as the C caller knows, and gp and t3..t6 too: the
 * kernel's C code never touches them, so during a system call they still hold the
 * process's user values, which the way back to user mode does not restore (docs/traps.md). */
	.section .text
	.globl context_switch, call_on_stack, proc_entry

/* context_switch(struct context *save, struct context *load) */
context_switch:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	sd	gp, 112(a0)
	sd	t3, 120(a0)
	sd	t4, 128(a0)
	sd	t5, 136(a0)
	sd	t6, 144(a0)
	ld	ra, 0(a1)
	ld	sp, 8(a1)
	ld	s0, 16(a1)
	ld	s1, 24(a1)
	ld	s2, 32(a1)
	ld	s3, 40(a1)
	ld	s4, 48(a1)
	ld	s5, 56(a1)
	ld	s6, 64(a1)
	ld	s7, 72(a1)
	ld	s8, 80(a1)
	ld	s9, 88(a1)
	ld	s10, 96(a1)
	ld	s11, 104(a1)
	ld	gp, 112(a1)
	ld	t3, 120(a1)
	ld	t4, 128(a1)
	ld	t5, 136(a1)
	ld	t6, 144(a1)
	ret

/* call_on_stack(void (*fn)(void *), void *arg, uint64_t sp): never returns. */
call_on_stack:
	mv	sp, a2
	mv	fp, zero
	mv	t0, a0
	mv	a0, a1
	mv	ra, zero
	jr	t0

/* A new process's first switch lands here, its context's sp at its trap frame: release
 * the lock the scheduler switched with (kernel/sched.c), then restore the frame. */
proc_entry:
	call	proc_entry_unlock
	j	trap_return
