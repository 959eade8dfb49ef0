/* The signal frame a handler finds on its stack, as Linux riscv64 builds it
 * (arch/riscv/kernel/signal.c struct rt_sigframe; uapi asm/ucontext.h, asm/sigcontext.h,
 * asm/ptrace.h): siginfo, then the ucontext whose uc_mcontext holds pc and x1..x31
 * (struct user_regs_struct) and the F/D registers with fcsr (__riscv_d_ext_state inside
 * the 16-byte aligned union __riscv_fp_state, sized for the Q extension). Part of the user
 * ABI. */
#ifndef ABI_UCONTEXT_H
#define ABI_UCONTEXT_H
#include <stdint.h>
#include "abi/signal.h"

struct k_sigcontext {
	uint64_t pc;          /* sc_regs.pc */
	uint64_t x[31];       /* sc_regs.ra .. sc_regs.t6: x1..x31 */
	union {
		struct {
			uint64_t f[32];
			uint32_t fcsr;
		} d;                         /* __riscv_d_ext_state */
		uint8_t q[528];              /* __riscv_q_ext_state, the union's largest */
	} __attribute__((aligned(16))) fp;
};

struct k_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	k_stack_t uc_stack;
	uint64_t uc_sigmask;
	uint8_t unused[1024 / 8 - 8];
	struct k_sigcontext uc_mcontext;
};

struct k_rt_sigframe {
	struct k_siginfo info;
	uint8_t info_rest[SI_MAX_SIZE - sizeof(struct k_siginfo)];
	struct k_ucontext uc;
};

_Static_assert(sizeof(struct k_sigcontext) == 784, "sigcontext is 256 + 528 bytes");
_Static_assert(__builtin_offsetof(struct k_ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct k_rt_sigframe) == 1088, "rt_sigframe");
#endif
