/* Linux signal numbers (include/uapi/asm-generic/signal.h, which riscv64 uses). Part of the
 * user ABI: user/include/signal.h includes this file. */
#ifndef ABI_SIGNAL_H
#define ABI_SIGNAL_H

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define NSIG      64

/* sigaction(2) (asm-generic/signal.h, signal-defs.h). riscv64 defines no SA_RESTORER: its
 * struct sigaction has no sa_restorer field, and handlers return through the kernel's
 * sigreturn trampoline (Linux: the vDSO's __vdso_rt_sigreturn). */
#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sigaltstack(2) */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

/* si_code values (asm-generic/siginfo.h) */
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)
#define SI_TKILL   (-6)
#define ILL_ILLOPC 1
#define FPE_INTDIV 1
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The system call's struct sigaction on riscv64 (no sa_restorer), and the mask size it
 * takes (sigsetsize must be 8). */
struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t mask;
};

/* siginfo_t: 128 bytes; the fields used here are at these offsets of the union (16) for
 * 64-bit Linux: kill/rt/sigchld start with pid, uid; rt puts si_value, sigchld si_status,
 * at 24; a fault's si_addr is at 16. */
#define SI_MAX_SIZE 128
struct k_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t pad;
	union {
		struct { int32_t pid; uint32_t uid; uint64_t value; } kill;   /* value: rt, status: chld */
		uint64_t addr;
		uint64_t raw[4];
	} u;
};

typedef struct {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
} k_stack_t;
#endif

#endif
