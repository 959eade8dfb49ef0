/* Trap entry and exit for traps from S-mode and U-mode (RISC-V privileged spec,
 * "Supervisor Trap Vector Base Address Register" and "Supervisor Scratch Register").
 *
 * Convention: in the kernel tp points at this hart's struct cpu and sscratch is 0; while
 * user code runs, sscratch holds the address of the process's trap frame, at the top of
 * its kernel stack, and the word above the frame the struct cpu pointer (trap/frame.h).
 * Swapping sp with sscratch on entry therefore says where we came from and, from user
 * mode, gives the frame to save into, without touching any other register. */
#include "kernel/cpu.h"
#include "kernel/proc_asm.h"
#include "syscall/syscall.h"
#include "trap/frame.h"
#include "trap/trap.h"

/* The registers the kernel's C code may change: ra, t0-t2, a0-a7 (sp and tp are handled
 * separately). The others it leaves as they are: s0-s11 are callee-saved in the psABI,
 * the compiler never allocates gp, and the kernel is built with -ffixed-t3..t6 (Makefile;
 * tools/check-fixed-regs.py checks that no code but this file and the context switch
 * uses gp or t3-t6). */
.macro SAVE_CLOBBERED
	.irp n, 1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17
	sd	x\n, FRAME_REG(\n)(sp)
	.endr
.endm
.macro RESTORE_CLOBBERED
	.irp n, 1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17
	ld	x\n, FRAME_REG(\n)(sp)
	.endr
.endm
.macro SAVE_PRESERVED
	.irp n, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, FRAME_REG(\n)(sp)
	.endr
.endm
.macro RESTORE_PRESERVED
	.irp n, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, FRAME_REG(\n)(sp)
	.endr
.endm
/* Call-frame information for debuggers (gdb's `bt`), in .debug_frame since the kernel
 * keeps no .eh_frame. Once the frame at sp is complete it describes the interrupted code
 * as the caller: its pc is sepc (the return column; a "signal frame", so the pc is not a
 * return address to step back from) and its x1..x31 are in the frame, sp included. The
 * registers the lean path does not save are left alone by the kernel (above), so
 * unchanged. Before that, and
 * after the restores begin, the caller is left undefined: backtraces stop at the trap. */
	.cfi_sections .debug_frame
#define DWARF_SEPC (4096 + 0x141)	/* CSRs are DWARF registers 4096 + number */
.macro CFI_FRAME_AT_SP
	.cfi_def_cfa sp, 0
	.cfi_offset DWARF_SEPC, FRAME_SEPC
	.irp n, 1, 2, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17
	.cfi_offset \n, FRAME_REG(\n)
	.endr
.endm

/* sepc, sstatus and scause into the frame; t0..t2 keep them. */
.macro SAVE_CSRS
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	sd	t0, FRAME_SEPC(sp)
	sd	t1, FRAME_SSTATUS(sp)
	sd	t2, FRAME_SCAUSE(sp)
.endm
/* stval too, for every trap but a system call (which has none to report). */
.macro SAVE_STVAL
	csrr	t1, stval
	sd	t1, FRAME_STVAL(sp)
.endm

	.section .text
	.globl trap_entry, trap_return, syscall_clone_entry, syscall_clone3_entry
	.globl syscall_execve_entry, syscall_ni_entry
	.globl syscall_rt_sigreturn_entry
	.balign 4
trap_entry:
	.cfi_startproc
	.cfi_signal_frame
	.cfi_return_column DWARF_SEPC
	.cfi_undefined DWARF_SEPC
	csrrw	sp, sscratch, sp
	bnez	sp, .Lfrom_user

	/* From S-mode: sp was 0 (sscratch's value); put the kernel's sp back, sscratch 0. */
	csrrw	sp, sscratch, zero
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
	SAVE_CLOBBERED
	SAVE_CSRS
	SAVE_STVAL
	j	.Lfull_frame

.Lfrom_user:
	.cfi_undefined DWARF_SEPC
	/* sp = this process's frame, sscratch = the user's sp. */
	sd	tp, FRAME_REG(4)(sp)
	ld	tp, FRAME_CPU(sp)
	SAVE_CLOBBERED
	csrrw	t0, sscratch, zero
	sd	t0, FRAME_REG(2)(sp)
	/* User time: the stretch since the last return to user mode (one rdtime here and
	 * one on the way out; the rest of a run is system time, kernel/usage.c). */
	rdtime	t0
	ld	t1, CPU_USER_SINCE(tp)
	sub	t0, t0, t1
	ld	t1, CPU_USER_TICKS(tp)
	add	t1, t1, t0
	sd	t1, CPU_USER_TICKS(tp)
	/* SAVE_CSRS but for sepc, which a system call stores once, past the ecall. */
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, scause
	sd	t1, FRAME_SSTATUS(sp)
	sd	t2, FRAME_SCAUSE(sp)
	/* System calls and page faults, by far the most frequent traps from user mode,
	 * take a shorter path: s0..s11, gp and t3..t6 are neither saved nor restored,
	 * because the C code they run leaves them as they are (above). The system calls
	 * that need the user's complete register set see to it themselves: clone saves them
	 * into the frame for the child (syscall_clone_entry), and a successful execve leaves
	 * through trap_return, which loads every register of the new image's frame, as does
	 * rt_sigreturn. A signal to act on completes the frame first (.Lsignal). */
	li	t1, EXC_ECALL_U
	beq	t2, t1, .Lsyscall
	sd	t0, FRAME_SEPC(sp)
	CFI_FRAME_AT_SP
	SAVE_STVAL
	li	t1, EXC_LOAD_PAGE_FAULT
	beq	t2, t1, .Lpage_fault
	li	t1, EXC_STORE_PAGE_FAULT
	beq	t2, t1, .Lpage_fault
	li	t1, EXC_INST_PAGE_FAULT
	beq	t2, t1, .Lpage_fault

.Lfull_frame:
	SAVE_PRESERVED
	mv	a0, sp
	call	trap_handler
	j	trap_return

.Lpage_fault:
	mv	a0, sp
	call	user_page_fault
	j	.Llean_return

	/* Numbers beyond the table go to C, which reports them. */
.Lno_such_call:
	mv	a0, sp
	call	syscall_unknown
	sd	a0, FRAME_REG(10)(sp)
	j	.Llean_return

	/* a0..a5 still hold the arguments and a7 the number (Linux riscv64 convention).
	 * Every entry of the table is a handler: numbers without one have syscall_ni_entry.
	 * The frame's sepc is stored here, once, already past the ecall; until then it is
	 * in t0 (for the debugger's call-frame information). */
.Lsyscall:
	.cfi_register DWARF_SEPC, t0
	addi	t1, t0, 4
	sd	t1, FRAME_SEPC(sp)
	.cfi_offset DWARF_SEPC, FRAME_SEPC
	li	t0, NR_SYSCALLS
	bgeu	a7, t0, .Lno_such_call
	slli	t1, a7, 3
1:	auipc	t0, %pcrel_hi(syscall_table)
	add	t0, t0, t1
	ld	t0, %pcrel_lo(1b)(t0)
	jalr	t0
	sd	a0, FRAME_REG(10)(sp)

	/* Back to user mode, unless a signal is to be acted on first. Nothing for the
	 * thread (its sig_work word, set with every death, stop or signal queued for it or
	 * its group) is the common case, answered here. Read without the lock, as
	 * user_return_check does: a signal sent meanwhile is seen on the next return. */
.Llean_return:
	ld	t0, CPU_CURRENT(tp)
	lw	t1, PROC_SIG_WORK(t0)
	bnez	t1, .Lsignal_check
.Lto_user:
	ld	t0, FRAME_SEPC(sp)
	ld	t1, FRAME_SSTATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	csrw	sscratch, sp
	rdtime	t0
	sd	t0, CPU_USER_SINCE(tp)
	.cfi_remember_state
	.cfi_undefined DWARF_SEPC
	ld	x4, FRAME_REG(4)(sp)
	RESTORE_CLOBBERED
	ld	x2, FRAME_REG(2)(sp)
	sret
	.cfi_restore_state

	/* Something is queued: whether it is to be acted on now (a blocked signal waits) is
	 * user_return_check's answer. */
.Lsignal_check:
	call	user_return_check
	beqz	a0, .Lto_user

	/* A handler's frame must hold every register, and a handler or a restart changes
	 * the frame: s0..s11, gp and t3..t6 are still the user's here, so they go in too,
	 * and the way out restores everything. */
.Lsignal:
	SAVE_PRESERVED
	mv	a0, sp
	call	signal_handle
	j	trap_return
	.cfi_endproc

/* A number without a handler (the table's default entry), called like a handler with sp
 * at the frame: syscall_unknown returns -ENOSYS. */
syscall_ni_entry:
	mv	a0, sp
	tail	syscall_unknown

/* clone: the child starts from a copy of the frame, so it needs the user's s0..s11, gp and
 * t3..t6 too. They are still live here (nothing but the path above has run since the
 * trap), and sp is the frame. */
syscall_clone_entry:
	SAVE_PRESERVED
	tail	sys_clone

syscall_clone3_entry:
	SAVE_PRESERVED
	tail	sys_clone3

/* execve: on success the frame describes the new image; leave through trap_return so
 * that every register, s0..s11 included, comes from it. */
syscall_execve_entry:
	.cfi_startproc
	addi	sp, sp, -16
	.cfi_def_cfa_offset 16
	sd	ra, 8(sp)
	.cfi_offset ra, -8
	call	sys_execve
	ld	ra, 8(sp)
	addi	sp, sp, 16
	.cfi_def_cfa_offset 0
	bnez	a0, 1f
	sd	a0, FRAME_REG(10)(sp)
	j	.Lreturn_full
1:	ret
	.cfi_endproc

/* rt_sigreturn replaces the whole frame, s0..s11 included: leave through trap_return. */
syscall_rt_sigreturn_entry:
	call	sys_rt_sigreturn
	sd	a0, FRAME_REG(10)(sp)
.Lreturn_full:
	call	user_return_check
	beqz	a0, trap_return
	mv	a0, sp
	call	signal_handle
	j	trap_return

/* Restores the whole frame at sp and returns from the trap. New processes start here. */
trap_return:
	ld	t0, FRAME_SEPC(sp)
	ld	t1, FRAME_SSTATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	/* Returning to U-mode (SPP clear): leave the frame's address in sscratch. */
	andi	t1, t1, SSTATUS_SPP
	bnez	t1, 1f
	csrw	sscratch, sp
	rdtime	t0
	sd	t0, CPU_USER_SINCE(tp)
1:
	ld	x4, FRAME_REG(4)(sp)
	RESTORE_CLOBBERED
	RESTORE_PRESERVED
	ld	x2, FRAME_REG(2)(sp)
	sret
