/* System call numbers: the Linux asm-generic table (include/uapi/asm-generic/unistd.h),
 * which riscv64 uses unchanged. */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#define SYS_read             63
#define SYS_write            64
#define SYS_writev           66
#define SYS_exit             93
#define SYS_exit_group       94
#define SYS_set_tid_address  96
#define SYS_nanosleep       101
#define SYS_clock_gettime   113
#define SYS_sched_yield     124
#define SYS_kill            129
#define SYS_uname           160
#define SYS_getpid          172
#define SYS_getppid         173
#define SYS_sysinfo         179
#define SYS_brk             214
#define SYS_munmap          215
#define SYS_clone           220
#define SYS_execve          221
#define SYS_mmap            222
#define SYS_mprotect        226
#define SYS_wait4           260

/* The riscv64 convention: number in a7, arguments in a0-a5, `ecall`, result in a0. */
long syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5);

#endif
