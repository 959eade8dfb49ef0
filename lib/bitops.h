/* Bit scans the kernel needs on base RV64, without libgcc. */
#ifndef LIB_BITOPS_H
#define LIB_BITOPS_H
#include <stdint.h>

/* Index of the lowest set bit of a nonzero word. Base RV64 has no count-trailing-zeros
 * instruction (Zbb adds ctz), and __builtin_ctzl becomes a call to libgcc's __ctzdi2,
 * which loops over bytes (about 37 instructions; the kernel heap's every allocation
 * made one). Without Zbb the bit is isolated and looked up through a de Bruijn multiply
 * instead: a handful of instructions. */
static inline unsigned lowest_set_bit(uint64_t w)
{
#if defined(__riscv) && !defined(__riscv_zbb)
	/* 0x03f79d71b4cb0a89 is a de Bruijn sequence: the top six bits of it shifted left by
	 * n differ for every n, so they index a table of n. */
	static const unsigned char position[64] = {
		 0,  1, 48,  2, 57, 49, 28,  3, 61, 58, 50, 42, 38, 29, 17,  4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12,  5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19,  9, 13,  8,  7,  6,
	};
	return position[((w & -w) * 0x03f79d71b4cb0a89UL) >> 58];
#else
	return (unsigned)__builtin_ctzl(w);
#endif
}

#endif
