/* The SBI calling convention (SBI spec chapter 3): extension id in a7, function id in a6,
 * arguments in a0..a5, error in a0 and value in a1. */
#include "riscv/sbi.h"

struct sbiret sbi_call5(long ext, long fid, long a0, long a1, long a2, long a3, long a4)
{
	register long r_a0 __asm__("a0") = a0;
	register long r_a1 __asm__("a1") = a1;
	register long r_a2 __asm__("a2") = a2;
	register long r_a3 __asm__("a3") = a3;
	register long r_a4 __asm__("a4") = a4;
	register long r_a6 __asm__("a6") = fid;
	register long r_a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){ r_a0, r_a1 };
}

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
	return sbi_call5(ext, fid, a0, a1, a2, 0, 0);
}

