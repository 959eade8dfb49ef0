/* The firmware probe of `make bench`: a raw image that QEMU boots in the kernel's place,
 * with the same memory, initrd and command line. Its first instruction reads rdinstret,
 * which under -icount counts every guest instruction since reset: what the firmware
 * (OpenSBI) ran before handing over. tools/bench.py subtracts it from the count at init's
 * main to get the kernel's own boot, so the kernel itself carries no benchmark code.
 * Prints "BENCH-FIRMWARE 0x<hex>" through the SBI legacy console and shuts down with SRST
 * (SBI spec: legacy extension 0x01 console_putchar, SRST extension 0x53525354). */
	.section .text
	.globl _start
_start:
	rdinstret s0
	la	s1, message
1:	lbu	a0, 0(s1)
	beqz	a0, 2f
	call	putchar
	addi	s1, s1, 1
	j	1b
2:	li	s2, 60			/* shift of the highest hex digit */
3:	srl	a0, s0, s2
	andi	a0, a0, 15
	addi	a0, a0, '0'
	li	t0, '9'
	ble	a0, t0, 4f
	addi	a0, a0, 'a' - '0' - 10
4:	call	putchar
	addi	s2, s2, -4
	bgez	s2, 3b
	li	a0, '\n'
	call	putchar
	li	a7, 0x53525354		/* SRST: shutdown, no reason */
	li	a6, 0
	li	a0, 0
	li	a1, 0
	ecall
5:	wfi
	j	5b

putchar:
	li	a7, 1
	ecall
	ret

	.section .rodata
message:
	.asciz	"BENCH-FIRMWARE 0x"
