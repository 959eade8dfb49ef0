/* The handler's frame and rt_sigreturn (Linux arch/riscv/kernel/signal.c): struct
 * rt_sigframe (abi/ucontext.h) below the interrupted sp, or at the top of the alternate
 * stack for SA_ONSTACK, 16-byte aligned (the psABI's stack alignment). The handler gets
 * a0 = signal, a1 = &info, a2 = &uc, and ra = the sigreturn trampoline.
 *
 * riscv64 Linux has no SA_RESTORER: handlers return to __vdso_rt_sigreturn. Without a
 * vDSO, exec maps a one-page trampoline with the same two instructions (li a7, 139;
 * ecall) at SIGRETURN_TRAMPOLINE, read and execute only; fork shares it copy-on-write. */
#include <stddef.h>
#include <string.h>
#include "abi/errno.h"
#include "abi/syscall_nr.h"
#include "abi/ucontext.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/tlb.h"
#include "mm/usercopy.h"
#include "riscv/fpu.h"

int signal_map_trampoline(struct mm *mm)
{
	const uint32_t code[2] = {
		0x00000893u | ((uint32_t)SYS_rt_sigreturn << 20),   /* addi a7, zero, 139 */
		0x00000073u,                                         /* ecall */
	};
	int err = uvm_add_range(mm, SIGRETURN_TRAMPOLINE, SIGRETURN_TRAMPOLINE + PAGE_SIZE,
				PROT_READ | PROT_EXEC, 0);
	if (!err)
		err = uvm_write(mm, SIGRETURN_TRAMPOLINE, code, sizeof(code));
	fence_i();
	return err;
}

static int on_altstack(const struct proc *p, uint64_t sp)
{
	const k_stack_t *ss = &p->sig_altstack;
	return ss->ss_size && sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size;
}

/* uc_stack as Linux's __save_altstack writes it: the stack, and whether sp is on it. */
static void save_altstack(const struct proc *p, uint64_t sp, k_stack_t *out)
{
	*out = p->sig_altstack;
	if (!out->ss_size)
		out->ss_flags = SS_DISABLE;
	else if (on_altstack(p, sp))
		out->ss_flags = SS_ONSTACK;
}

int signal_setup_frame(struct trap_frame *f, const struct k_siginfo *info,
		       const struct k_sigaction *act, uint64_t saved_mask)
{
	struct proc *p = current_proc();
	struct k_rt_sigframe frame;
	struct fp_state fp;
	uint64_t sp = f->x[REG_SP];

	if ((act->flags & SA_ONSTACK) && p->sig_altstack.ss_size && !on_altstack(p, sp))
		sp = p->sig_altstack.ss_sp + p->sig_altstack.ss_size;
	sp = (sp - sizeof(frame)) & ~15UL;

	memset(&frame, 0, sizeof(frame));
	frame.info = *info;
	save_altstack(p, f->x[REG_SP], &frame.uc.uc_stack);
	frame.uc.uc_sigmask = saved_mask;
	frame.uc.uc_mcontext.pc = f->sepc;
	for (int i = 1; i < 32; i++)
		frame.uc.uc_mcontext.x[i - 1] = f->x[i];
	fpu_get_user(p, &fp);
	memcpy(frame.uc.uc_mcontext.fp.d.f, fp.f, sizeof(fp.f));
	frame.uc.uc_mcontext.fp.d.fcsr = fp.fcsr;
	if (copy_to_user(sp, &frame, sizeof(frame)))
		return -EFAULT;

	f->x[REG_SP] = sp;
	f->x[REG_RA] = SIGRETURN_TRAMPOLINE;
	f->x[REG_A0] = (uint64_t)info->si_signo;
	f->x[REG_A0 + 1] = sp + offsetof(struct k_rt_sigframe, info);
	f->x[REG_A0 + 2] = sp + offsetof(struct k_rt_sigframe, uc);
	f->sepc = act->handler;
	return 0;
}

/* rt_sigreturn(2): every register, FP included, and the mask from the frame at sp. A
 * frame that cannot be read kills with SIGSEGV (Linux force_sig; with no handler
 * attempt, as a handler could not return either). The frame stops being a system
 * call's (Linux sets regs->cause to -1), so no restart logic looks at the restored a0;
 * the return value is that a0, which the system-call path stores back. trap/entry.S
 * leaves through trap_return so that s0..s11 come from the frame too. */
long sys_rt_sigreturn(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
		      uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	struct trap_frame *f = p->tf;
	struct k_rt_sigframe frame;
	struct fp_state fp;
	/* Only what is restored comes in, one span: the mask, pc, x1..x31 and the F/D
	 * state (656 of the frame's 1,088 bytes); the siginfo before it and the rest of the
	 * Q-sized union after it are not read. The whole frame must still lie in user space
	 * (Linux: access_ok). */
	const size_t from = offsetof(struct k_rt_sigframe, uc.uc_sigmask);
	const size_t to = offsetof(struct k_rt_sigframe, uc.uc_mcontext.fp.d) +
			  sizeof(frame.uc.uc_mcontext.fp.d);
	uint64_t sp = f->x[REG_SP];

	if (!user_range_ok(sp, sizeof(frame)) ||
	    copy_from_user((char *)&frame + from, sp + from, to - from))
		proc_die(SIGSEGV, "bad signal frame", sp, f->sepc);
	const struct k_sigcontext *sc = &frame.uc.uc_mcontext;
	for (int i = 1; i < 32; i++)
		f->x[i] = sc->x[i - 1];
	f->sepc = sc->pc;
	f->scause = (uint64_t)-1;
	memcpy(fp.f, sc->fp.d.f, sizeof(fp.f));
	fp.fcsr = sc->fp.d.fcsr;
	fpu_set_user(p, &fp);

	unsigned long flags = spin_lock_irqsave(&proc_lock);
	p->sig_blocked = frame.uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	spin_unlock_irqrestore(&proc_lock, flags);
	return (long)f->x[REG_A0];
}
