/* Delivery on the way back to user mode (Linux arch_do_signal_or_restart, get_signal):
 * pending stops and deaths first, then each queued, unblocked signal in turn, lowest
 * number first after the synchronous fault signals: its default action, or a frame for
 * its handler on the user stack. Frames nest as Linux's do: a second signal, unblocked
 * by the first's handler mask, gets its frame on top and its handler runs first.
 *
 * A system call a signal interrupted (-ERESTARTSYS, -ERESTARTNOHAND; kernel/signal.h)
 * returns -EINTR when a handler runs, unless the handler has SA_RESTART and the call
 * allows it; otherwise it is restarted: sepc back on the ecall, a0 its first argument
 * again (Linux arch/riscv/kernel/signal.c handle_signal and arch_do_signal_or_restart). */
#include "abi/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "trap/trap.h"

/* The signals Linux dequeues first (SYNCHRONOUS_MASK): those of a fault. */
#define SYNCHRONOUS_MASK (SIGMASK(SIGSEGV) | SIGMASK(SIGBUS) | SIGMASK(SIGILL) | \
			  SIGMASK(SIGTRAP) | SIGMASK(SIGFPE) | SIGMASK(SIGSYS))

/* The next signal for a handler, taken off the queue with its action (which
 * SA_RESETHAND resets); default actions are taken on the way. 0 when none is left.
 * proc_lock held; a fatal signal ends the process here. */
static int next_signal(struct proc *p, unsigned long flags, struct k_siginfo *info,
		       struct k_sigaction *act)
{
	for (;;) {
		signal_stop_pending(p);
		if (p->killed) {
			int sig = p->killed;
			spin_unlock_irqrestore(&proc_lock, flags);
			proc_group_exit(signal_wait_status(sig));
		}
		uint64_t ready = signal_queued(p) & ~p->sig_blocked;
		if (!ready)
			return 0;
		if (ready & SYNCHRONOUS_MASK)
			ready &= SYNCHRONOUS_MASK;
		int sig = signal_dequeue(p, ready, info);
		*act = p->sighand->action[sig - 1];
		if (act->handler == SIG_IGN)
			continue;
		if (act->handler != SIG_DFL) {
			if (act->flags & SA_RESETHAND)
				p->sighand->action[sig - 1].handler = SIG_DFL;
			return sig;
		}
		/* Blocked when it was sent with SIG_DFL, unblocked since. */
		enum sig_default d = signal_default(sig);
		if (d == SIG_DEFAULT_STOP)
			p->sig_pending |= SIGMASK(sig);
		else if (d == SIG_DEFAULT_TERMINATE && p->tg != init_proc->tg)
			p->killed = sig;   /* the group dies with it (proc_group_exit) */
		signal_work_set(p);
	}
}

/* An interrupted system call's result, once it is known whether a handler runs. */
static void restart_syscall(struct trap_frame *f, struct proc *p, int handler, uint64_t flags)
{
	long r = (long)f->x[REG_A0];

	if (r != -ERESTARTSYS && r != -ERESTARTNOHAND)
		return;
	if (handler && (r == -ERESTARTNOHAND || !(flags & SA_RESTART))) {
		f->x[REG_A0] = (uint64_t)-EINTR;
	} else {
		f->x[REG_A0] = p->sig_restart_a0;
		f->sepc -= 4;   /* the ecall again */
	}
}

void signal_handle(struct trap_frame *f)
{
	struct proc *p = current_proc();
	int in_syscall = f->scause == EXC_ECALL_U;
	struct k_siginfo info;
	struct k_sigaction act;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int sig; (sig = next_signal(p, flags, &info, &act));) {
		/* The mask the handler's frame restores: sigsuspend's caller's, if it slept. */
		uint64_t saved = p->sig_restore_mask ? p->sig_saved_mask : p->sig_blocked;
		p->sig_restore_mask = 0;
		p->sig_blocked |= act.mask & ~SIG_UNBLOCKABLE;
		if (!(act.flags & SA_NODEFER))
			p->sig_blocked |= SIGMASK(sig);
		spin_unlock_irqrestore(&proc_lock, flags);
		if (in_syscall)
			restart_syscall(f, p, 1, act.flags);
		in_syscall = 0;
		if (signal_setup_frame(f, &info, &act, saved)) {
			printk("pid %d (%s): cannot write the frame for signal %d at sp 0x%lx: "
			       "killed by SIGSEGV\n", p->pid, p->name, sig, f->x[REG_SP]);
			proc_group_exit(signal_wait_status(SIGSEGV));
		}
		flags = spin_lock_irqsave(&proc_lock);
	}
	if (p->sig_restore_mask) {
		p->sig_blocked = p->sig_saved_mask;
		p->sig_restore_mask = 0;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	if (in_syscall)
		restart_syscall(f, p, 0, 0);
}

int signal_force_fault(int sig, int code, uint64_t addr)
{
	struct proc *p = current_proc();
	uint64_t handler = p->sighand->action[sig - 1].handler;
	struct k_siginfo info = { .si_signo = sig, .si_code = code, .u.addr = addr };

	/* Blocked or ignored, the fault would repeat forever: Linux force_sig_info_to_task
	 * resets the action and kills; SIG_DFL kills too. */
	if (handler == SIG_DFL || handler == SIG_IGN || (p->sig_blocked & SIGMASK(sig)))
		return 0;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	p->sig_queued &= ~SIGMASK(sig);   /* this fault's address, not an older kill's */
	signal_send_thread_locked(p, &info);   /* the faulting thread takes it */
	spin_unlock_irqrestore(&proc_lock, flags);
	return 1;
}
