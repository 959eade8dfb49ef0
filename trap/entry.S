/* Trap entry and exit for traps from S-mode and U-mode (RISC-V privileged spec,
 * "Supervisor Trap Vector Base Address Register" and "Supervisor Scratch Register").
 *
 * Convention: in the kernel tp points at this hart's struct cpu and sscratch is 0; while
 * user code runs, sscratch holds the struct cpu pointer. Swapping tp with sscratch on
 * entry therefore says where we came from without touching any other register. */
#include "kernel/cpu.h"
#include "kernel/syscall.h"
#include "trap/frame.h"
#include "trap/trap.h"

	.section .text
	.globl trap_entry, trap_return, syscall_clone_entry, syscall_execve_entry
	.balign 4
trap_entry:
	csrrw	tp, sscratch, tp
	bnez	tp, .Lfrom_user

	/* From S-mode: tp was 0 (sscratch's value); the kernel's tp is in sscratch now. */
	csrrw	tp, sscratch, zero
	sd	t0, CPU_SCRATCH0(tp)
	sd	t1, CPU_SCRATCH1(tp)
	mv	t0, sp
	addi	sp, sp, -FRAME_SIZE
	/* A frame below the stack's lowest address means the stack overflowed into its
	 * guard page: continue on the emergency stack so the overflow can be reported. */
	ld	t1, CPU_STACK_LO(tp)
	bgeu	sp, t1, 1f
	ld	sp, CPU_EMERGENCY_SP(tp)
	addi	sp, sp, -FRAME_SIZE
1:	sd	t0, FRAME_REG(2)(sp)
	sd	tp, FRAME_REG(4)(sp)
	ld	t0, CPU_SCRATCH0(tp)
	ld	t1, CPU_SCRATCH1(tp)
	sd	x1, FRAME_REG(1)(sp)
	sd	x3, FRAME_REG(3)(sp)
	sd	x5, FRAME_REG(5)(sp)
	sd	x6, FRAME_REG(6)(sp)
	sd	x7, FRAME_REG(7)(sp)
	sd	x10, FRAME_REG(10)(sp)
	sd	x11, FRAME_REG(11)(sp)
	sd	x12, FRAME_REG(12)(sp)
	sd	x13, FRAME_REG(13)(sp)
	sd	x14, FRAME_REG(14)(sp)
	sd	x15, FRAME_REG(15)(sp)
	sd	x16, FRAME_REG(16)(sp)
	sd	x17, FRAME_REG(17)(sp)
	sd	x28, FRAME_REG(28)(sp)
	sd	x29, FRAME_REG(29)(sp)
	sd	x30, FRAME_REG(30)(sp)
	sd	x31, FRAME_REG(31)(sp)
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	csrr	t3, stval
	sd	t0, FRAME_SEPC(sp)
	sd	t1, FRAME_SSTATUS(sp)
	sd	t2, FRAME_SCAUSE(sp)
	sd	t3, FRAME_STVAL(sp)
	j	.Lfull_frame

.Lfrom_user:
	/* tp = struct cpu, sscratch = the user's tp. */
	sd	t0, CPU_SCRATCH0(tp)
	mv	t0, sp
	ld	sp, CPU_KERNEL_SP(tp)
	addi	sp, sp, -FRAME_SIZE
	sd	t0, FRAME_REG(2)(sp)
	csrrw	t0, sscratch, zero
	sd	t0, FRAME_REG(4)(sp)
	ld	t0, CPU_SCRATCH0(tp)
	sd	x1, FRAME_REG(1)(sp)
	sd	x3, FRAME_REG(3)(sp)
	sd	x5, FRAME_REG(5)(sp)
	sd	x6, FRAME_REG(6)(sp)
	sd	x7, FRAME_REG(7)(sp)
	sd	x10, FRAME_REG(10)(sp)
	sd	x11, FRAME_REG(11)(sp)
	sd	x12, FRAME_REG(12)(sp)
	sd	x13, FRAME_REG(13)(sp)
	sd	x14, FRAME_REG(14)(sp)
	sd	x15, FRAME_REG(15)(sp)
	sd	x16, FRAME_REG(16)(sp)
	sd	x17, FRAME_REG(17)(sp)
	sd	x28, FRAME_REG(28)(sp)
	sd	x29, FRAME_REG(29)(sp)
	sd	x30, FRAME_REG(30)(sp)
	sd	x31, FRAME_REG(31)(sp)
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	csrr	t3, stval
	sd	t0, FRAME_SEPC(sp)
	sd	t1, FRAME_SSTATUS(sp)
	sd	t2, FRAME_SCAUSE(sp)
	sd	t3, FRAME_STVAL(sp)
	/* System calls and page faults, by far the most frequent traps from user mode,
	 * take a shorter path: s0..s11 are neither saved nor restored, because the C code
	 * they run preserves them (callee-saved in the psABI). The two system calls that
	 * need the user's complete register set see to it themselves: clone saves s0..s11
	 * into the frame for the child (syscall_clone_entry), and a successful execve leaves
	 * through trap_return, which loads every register of the new image's frame. */
	li	t4, EXC_ECALL_U
	beq	t2, t4, .Lsyscall
	li	t4, EXC_LOAD_PAGE_FAULT
	beq	t2, t4, .Lpage_fault
	li	t4, EXC_STORE_PAGE_FAULT
	beq	t2, t4, .Lpage_fault
	li	t4, EXC_INST_PAGE_FAULT
	beq	t2, t4, .Lpage_fault

.Lfull_frame:
	sd	x8, FRAME_REG(8)(sp)
	sd	x9, FRAME_REG(9)(sp)
	sd	x18, FRAME_REG(18)(sp)
	sd	x19, FRAME_REG(19)(sp)
	sd	x20, FRAME_REG(20)(sp)
	sd	x21, FRAME_REG(21)(sp)
	sd	x22, FRAME_REG(22)(sp)
	sd	x23, FRAME_REG(23)(sp)
	sd	x24, FRAME_REG(24)(sp)
	sd	x25, FRAME_REG(25)(sp)
	sd	x26, FRAME_REG(26)(sp)
	sd	x27, FRAME_REG(27)(sp)
	mv	a0, sp
	call	trap_handler
	j	trap_return

.Lpage_fault:
	mv	a0, sp
	call	user_page_fault
	j	.Llean_return

	/* a0..a5 still hold the arguments and a7 the number (Linux riscv64 convention). */
.Lsyscall:
	addi	t0, t0, 4
	sd	t0, FRAME_SEPC(sp)
	li	t0, NR_SYSCALLS
	bgeu	a7, t0, 1f
	la	t0, syscall_table
	slli	t1, a7, 3
	add	t0, t0, t1
	ld	t0, 0(t0)
	beqz	t0, 1f
	jalr	t0
	sd	a0, FRAME_REG(10)(sp)
	j	.Llean_return
	/* Numbers without a handler go to C, which reports them. */
1:	mv	a0, sp
	call	syscall_unknown

.Llean_return:
	call	user_return_check
	ld	t0, FRAME_SEPC(sp)
	ld	t1, FRAME_SSTATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	csrw	sscratch, tp
	ld	x1, FRAME_REG(1)(sp)
	ld	x3, FRAME_REG(3)(sp)
	ld	x4, FRAME_REG(4)(sp)
	ld	x5, FRAME_REG(5)(sp)
	ld	x6, FRAME_REG(6)(sp)
	ld	x7, FRAME_REG(7)(sp)
	ld	x10, FRAME_REG(10)(sp)
	ld	x11, FRAME_REG(11)(sp)
	ld	x12, FRAME_REG(12)(sp)
	ld	x13, FRAME_REG(13)(sp)
	ld	x14, FRAME_REG(14)(sp)
	ld	x15, FRAME_REG(15)(sp)
	ld	x16, FRAME_REG(16)(sp)
	ld	x17, FRAME_REG(17)(sp)
	ld	x28, FRAME_REG(28)(sp)
	ld	x29, FRAME_REG(29)(sp)
	ld	x30, FRAME_REG(30)(sp)
	ld	x31, FRAME_REG(31)(sp)
	ld	x2, FRAME_REG(2)(sp)
	sret

/* clone: the child starts from a copy of the frame, so it needs the user's s0..s11 too.
 * They are still live here (nothing but the path above has run since the trap), and sp
 * is the frame. */
syscall_clone_entry:
	sd	x8, FRAME_REG(8)(sp)
	sd	x9, FRAME_REG(9)(sp)
	sd	x18, FRAME_REG(18)(sp)
	sd	x19, FRAME_REG(19)(sp)
	sd	x20, FRAME_REG(20)(sp)
	sd	x21, FRAME_REG(21)(sp)
	sd	x22, FRAME_REG(22)(sp)
	sd	x23, FRAME_REG(23)(sp)
	sd	x24, FRAME_REG(24)(sp)
	sd	x25, FRAME_REG(25)(sp)
	sd	x26, FRAME_REG(26)(sp)
	sd	x27, FRAME_REG(27)(sp)
	tail	sys_clone

/* execve: on success the frame describes the new image; leave through trap_return so
 * that every register, s0..s11 included, comes from it. */
syscall_execve_entry:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	call	sys_execve
	ld	ra, 8(sp)
	addi	sp, sp, 16
	bnez	a0, 1f
	sd	a0, FRAME_REG(10)(sp)
	call	user_return_check
	j	trap_return
1:	ret

/* Restores the whole frame at sp and returns from the trap. New processes start here. */
trap_return:
	ld	t0, FRAME_SEPC(sp)
	ld	t1, FRAME_SSTATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	/* Returning to U-mode (SPP clear): leave the cpu pointer in sscratch. */
	andi	t1, t1, 1 << 8		/* sstatus.SPP */
	bnez	t1, 1f
	csrw	sscratch, tp
1:
	ld	x1, FRAME_REG(1)(sp)
	ld	x3, FRAME_REG(3)(sp)
	ld	x4, FRAME_REG(4)(sp)
	ld	x5, FRAME_REG(5)(sp)
	ld	x6, FRAME_REG(6)(sp)
	ld	x7, FRAME_REG(7)(sp)
	ld	x8, FRAME_REG(8)(sp)
	ld	x9, FRAME_REG(9)(sp)
	ld	x10, FRAME_REG(10)(sp)
	ld	x11, FRAME_REG(11)(sp)
	ld	x12, FRAME_REG(12)(sp)
	ld	x13, FRAME_REG(13)(sp)
	ld	x14, FRAME_REG(14)(sp)
	ld	x15, FRAME_REG(15)(sp)
	ld	x16, FRAME_REG(16)(sp)
	ld	x17, FRAME_REG(17)(sp)
	ld	x18, FRAME_REG(18)(sp)
	ld	x19, FRAME_REG(19)(sp)
	ld	x20, FRAME_REG(20)(sp)
	ld	x21, FRAME_REG(21)(sp)
	ld	x22, FRAME_REG(22)(sp)
	ld	x23, FRAME_REG(23)(sp)
	ld	x24, FRAME_REG(24)(sp)
	ld	x25, FRAME_REG(25)(sp)
	ld	x26, FRAME_REG(26)(sp)
	ld	x27, FRAME_REG(27)(sp)
	ld	x28, FRAME_REG(28)(sp)
	ld	x29, FRAME_REG(29)(sp)
	ld	x30, FRAME_REG(30)(sp)
	ld	x31, FRAME_REG(31)(sp)
	ld	x2, FRAME_REG(2)(sp)
	sret
