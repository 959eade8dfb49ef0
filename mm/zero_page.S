/* void zero_page(void *va): fills a 4 KiB page with zeros. Every demand-zero fault runs
 * this, so it is the 512 stores and nothing else: no loop (2 KiB of code, for the 18
 * instructions a page that a loop of 64 stores an iteration cost) and a leaf without a
 * stack frame. rv64imac has no wider store, and QEMU 7.2's virt CPU no Zicboz cbo.zero.
 * A store's offset reaches 2047 bytes (a 12-bit signed immediate), so the second half
 * goes from a base 2047 bytes on, at odd offsets. */
	.section .text
	.globl zero_page
zero_page:
	addi	a1, a0, 2047
	.set	offset, 0
	.rept	256
	sd	zero, offset(a0)
	.set	offset, offset + 8
	.endr
	.set	offset, 1
	.rept	256
	sd	zero, offset(a1)
	.set	offset, offset + 8
	.endr
	ret
