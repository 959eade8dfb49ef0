/* Copies that may touch user memory. Every load and store here is listed in the
 * exception table: if one faults on a bad address, the trap handler resumes at the
 * fixup, which returns -EFAULT (14). The caller has set sstatus.SUM. Leaf functions: the
 * fixup returns through ra. */
#define EXTABLE(insn) .pushsection __ex_table, "a"; .balign 8; .dword insn, user_copy_fault; .popsection

	.section .text
	.globl user_copy_raw, user_strncpy_raw, user_copy_fault

/* long user_copy_raw(void *dst, const void *src, size_t n): 0 or -EFAULT.
 *
 * rv64imac has no misaligned access guarantee (a misaligned ld/sd may trap to the
 * firmware, which emulates it hundreds of instructions at a time), so only aligned
 * words move: the destination is first brought to an 8-byte boundary byte by byte.
 * A source aligned alike then goes 64 bytes per iteration (eight loads, eight stores);
 * any other source is read as aligned words, each stored word put together from two
 * neighbours with shifts (little-endian). Every word read holds at least one byte of
 * the source range, so no page outside the range is touched. Copies under 16 bytes go
 * byte by byte. */
user_copy_raw:
	li	t0, 16
	bltu	a2, t0, .Lbytes
	andi	t0, a0, 7
	beqz	t0, .Ldst_aligned
	li	t1, 8
	sub	t0, t1, t0		/* 1..7 bytes to the boundary */
	sub	a2, a2, t0
1:
10:	lbu	t2, 0(a1)
11:	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, -1
	bnez	t0, 1b
.Ldst_aligned:				/* a2 >= 9 */
	andi	t0, a1, 7
	bnez	t0, .Lshifted
	andi	t1, a2, -64
	beqz	t1, .Lwords
	add	t1, a1, t1		/* end of the 64-byte blocks in the source */
	/* Two halves of four words: t3..t6 stay untouched (the kernel's fixed registers,
	 * docs/traps.md), which leaves too few for eight words in flight. */
2:
20:	ld	a3, 0(a1)
21:	ld	a4, 8(a1)
22:	ld	a5, 16(a1)
23:	ld	a6, 24(a1)
30:	sd	a3, 0(a0)
31:	sd	a4, 8(a0)
32:	sd	a5, 16(a0)
33:	sd	a6, 24(a0)
24:	ld	a3, 32(a1)
25:	ld	a4, 40(a1)
26:	ld	a5, 48(a1)
27:	ld	a6, 56(a1)
34:	sd	a3, 32(a0)
35:	sd	a4, 40(a0)
36:	sd	a5, 48(a0)
37:	sd	a6, 56(a0)
	addi	a1, a1, 64
	addi	a0, a0, 64
	bltu	a1, t1, 2b
	andi	a2, a2, 63
.Lwords:
	li	t0, 8
	bltu	a2, t0, .Lbytes
3:
40:	ld	t2, 0(a1)
41:	sd	t2, 0(a0)
	addi	a1, a1, 8
	addi	a0, a0, 8
	addi	a2, a2, -8
	bgeu	a2, t0, 3b
	j	.Lbytes
.Lshifted:				/* t0 = source offset in its word, 1..7 */
	slli	a4, t0, 3		/* bits the first word is shifted right */
	neg	a5, a4			/* and the next one left: 64 - a4 (mod 64) */
	andi	t1, a1, -8
	andi	a7, a2, -8		/* bytes moved as words */
	add	a1, a1, a7		/* the source after them */
	add	a7, a0, a7		/* the destination after them */
50:	ld	a6, 0(t1)
4:
51:	ld	t2, 8(t1)
	srl	a6, a6, a4
	sll	a3, t2, a5
	or	a6, a6, a3
52:	sd	a6, 0(a0)
	mv	a6, t2
	addi	t1, t1, 8
	addi	a0, a0, 8
	bltu	a0, a7, 4b
	andi	a2, a2, 7
.Lbytes:
	beqz	a2, 6f
5:
60:	lbu	t2, 0(a1)
61:	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	bnez	a2, 5b
6:	li	a0, 0
	ret
	EXTABLE(10b); EXTABLE(11b)
	EXTABLE(20b); EXTABLE(21b); EXTABLE(22b); EXTABLE(23b)
	EXTABLE(24b); EXTABLE(25b); EXTABLE(26b); EXTABLE(27b)
	EXTABLE(30b); EXTABLE(31b); EXTABLE(32b); EXTABLE(33b)
	EXTABLE(34b); EXTABLE(35b); EXTABLE(36b); EXTABLE(37b)
	EXTABLE(40b); EXTABLE(41b)
	EXTABLE(50b); EXTABLE(51b); EXTABLE(52b)
	EXTABLE(60b); EXTABLE(61b)

/* long user_strncpy_raw(char *dst, const char *src, size_t max): copies up to and
 * including the NUL; returns the string's length, max if no NUL came within max bytes,
 * or -EFAULT. */
user_strncpy_raw:
	li	t0, 0
1:	beq	t0, a2, 2f
70:	lbu	t2, 0(a1)
	sb	t2, 0(a0)
	beqz	t2, 2f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, 1
	j	1b
2:	mv	a0, t0
	ret
	EXTABLE(70b)

user_copy_fault:
	li	a0, -14
	ret
