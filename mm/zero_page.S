/* void zero_page(void *va): fills a 4 KiB page with zeros. Every demand-zero fault runs
 * this, so it is 512 stores with 64 to a loop iteration (16 instructions of loop overhead
 * per page), and a leaf without a stack frame. rv64imac has no wider stores. */
	.section .text
	.globl zero_page
zero_page:
	li	t0, 4096
	add	t0, a0, t0
1:
	.set	offset, 0
	.rept	64
	sd	zero, offset(a0)
	.set	offset, offset + 8
	.endr
	addi	a0, a0, 512
	bne	a0, t0, 1b
	ret
