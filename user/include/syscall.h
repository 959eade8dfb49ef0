/* System calls: the numbers are the kernel's table (abi/syscall_nr.h), the Linux
 * asm-generic one that riscv64 uses unchanged. */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include "abi/syscall_nr.h"

/* The riscv64 convention: number in a7, arguments in a0-a5, `ecall`, result in a0. */
long syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5);

#endif
