/* Byte copies that may touch user memory. Every load and store here is listed in the
 * exception table: if one faults on a bad address, the trap handler resumes at the
 * fixup, which returns -EFAULT (14). The caller has set sstatus.SUM. */
#define EXTABLE(insn) .pushsection __ex_table, "a"; .balign 8; .dword insn, user_copy_fault; .popsection

	.section .text
	.globl user_copy_raw, user_strncpy_raw, user_copy_fault

/* long user_copy_raw(void *dst, const void *src, size_t n): 0 or -EFAULT */
user_copy_raw:
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 2f
1:	li	t1, 8
	bltu	a2, t1, 2f
10:	ld	t2, 0(a1)
11:	sd	t2, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, 3f
12:	lbu	t2, 0(a1)
13:	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
3:	li	a0, 0
	ret
	EXTABLE(10b); EXTABLE(11b); EXTABLE(12b); EXTABLE(13b)

/* long user_strncpy_raw(char *dst, const char *src, size_t max): copies up to and
 * including the NUL; returns the string's length, max if no NUL came within max bytes,
 * or -EFAULT. */
user_strncpy_raw:
	li	t0, 0
1:	beq	t0, a2, 2f
20:	lbu	t2, 0(a1)
	sb	t2, 0(a0)
	beqz	t2, 2f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, 1
	j	1b
2:	mv	a0, t0
	ret
	EXTABLE(20b)

user_copy_fault:
	li	a0, -14
	ret
