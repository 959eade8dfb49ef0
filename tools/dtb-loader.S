/* Hands the kernel a device tree exactly as written, for the boot-input tests
 * (tests/qemu_cases.py builds it). QEMU and OpenSBI rewrite a tree given with -dtb
 * (/chosen, /reserved-memory, harts) and OpenSBI refuses some outright, so the tests
 * boot this in the kernel's place instead (a raw image QEMU enters at 0x80200000, under
 * OpenSBI and its own tree); QEMU's -device loader puts the kernel Image 2 MiB higher and
 * the blob at DTB_LOADER_BLOB (-DDTB_LOADER_BLOB=... for another address). It enters the kernel as the RISC-V Linux boot protocol
 * says (Documentation/riscv/boot.rst): a0 = hart id, as OpenSBI left it, a1 = the blob. */
#ifndef DTB_LOADER_BLOB
#define DTB_LOADER_BLOB 0x87000000
#endif
	.section .text
	.globl _start
_start:
	li	a1, DTB_LOADER_BLOB
	la	t0, _start
	li	t1, 0x200000
	add	t0, t0, t1
	jr	t0
