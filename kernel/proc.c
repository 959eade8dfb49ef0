/* Process lifecycle: creation (init, clone), exit, wait4 and user faults. */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include "lib/bootargs.h"
#include "kernel/cpu.h"
#include "abi/errno.h"
#include "fs/boot.h"
#include "fs/file.h"
#include "fs/proc/proc.h"
#include "kernel/panic.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/proc_asm.h"
#include "kernel/random.h"
#include "trap/timer.h"
#include "abi/sched.h"
#include "abi/wait.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "mm/kvm.h"
#include "mm/vma.h"
#include "mm/usercopy.h"
#include "trap/trap.h"
#include "tty/tty.h"

static int next_pid = 1;
struct proc *init_proc;

void proc_entry(void);   /* kernel/switch.S */

/* Takes a free slot for a new process, not yet runnable: a slot used before, or the
 * first never used (whose memory holds anything until now: kernel/sched.c). */
static struct proc *take_slot(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = NULL;

	for (int i = 0; i < proc_table_used && !p; i++)
		if (proc_table[i].state == PROC_UNUSED)
			p = &proc_table[i];
	if (!p && proc_table_used < NPROC)
		p = &proc_table[proc_table_used++];
	if (p) {
		memset(p, 0, sizeof(*p));
		p->state = PROC_EMBRYO;
		p->cpus_allowed = ~0UL;
		p->pid = next_pid++;
		p->start_time = timer_read();
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return p;
}

static void set_state(struct proc *p, enum proc_state state)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	if (state == PROC_RUNNABLE)
		proc_make_runnable(p);
	else
		p->state = state;
	spin_unlock_irqrestore(&proc_lock, flags);
}

struct proc *proc_alloc(void)
{
	struct proc *p = take_slot();

	if (!p)
		return NULL;
	if (kstack_alloc(&p->kstack) < 0) {
		set_state(p, PROC_UNUSED);
		return NULL;
	}
	/* This hart writes the new stack (the frame below, and fork's copy into it). */
	p->tf = (struct trap_frame *)(p->kstack.hi - FRAME_ABOVE - sizeof(struct trap_frame));
	memset(p->tf, 0, sizeof(*p->tf));
	p->context.ra = (uint64_t)proc_entry;
	p->context.sp = (uint64_t)p->tf;
	return p;
}

void proc_release(struct proc *p)
{
	struct thread_group *tg = p->tg;

	BUG_ON(!spin_holding(&proc_lock));
	if (tg && !thread_is_leader(p)) {
		/* The group's totals keep what its exited threads used (getrusage, wait4). */
		tg->exited_cpu_time += p->cpu_time;
		usage_add(&tg->exited_usage, &p->usage);
	}
	kstack_free(&p->kstack);
	if (p->sighand)
		sighand_put(p->sighand);
	if (tg)
		thread_group_put(tg);
	p->sighand = NULL;
	p->tg = NULL;
	p->state = PROC_UNUSED;
}

void proc_discard(struct proc *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	proc_release(p);
	spin_unlock_irqrestore(&proc_lock, flags);
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *p = &proc_table[i];
		if (p->pid == pid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO)
			return p;
	}
	return NULL;
}

int proc_count(void)
{
	int n = 0;
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < proc_table_used; i++)
		n += proc_table[i].state != PROC_UNUSED;
	spin_unlock_irqrestore(&proc_lock, flags);
	return n;
}

/* Each mm is found under proc_lock and kept by a reference, and fn runs under the mm's
 * lock alone: the address-space lock comes before proc_lock (docs/locking.md). An mm two
 * processes share (vfork) is visited twice, which fn must allow. */
void proc_for_each_mm(void (*fn)(struct mm *mm, void *arg), void *arg)
{
	for (int i = 0;; i++) {
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		if (i >= proc_table_used) {
			spin_unlock_irqrestore(&proc_lock, flags);
			return;
		}
		struct mm *mm = proc_table[i].state != PROC_UNUSED ? proc_table[i].mm : NULL;
		if (mm)
			mm_get(mm);
		spin_unlock_irqrestore(&proc_lock, flags);
		if (mm) {
			mm_lock(mm);
			fn(mm, arg);
			mm_unlock(mm);
			mm_put(mm);
		}
	}
}

/* Descriptors 0, 1 and 2 of init: /dev/console, open for reading and writing, as Linux
 * gives its init (init/main.c, console_on_rootfs). */
static int open_console(struct proc *p)
{
	struct inode *ip;

	if (fs_lookup(fs_root(), fs_root(), "/dev/console", LOOKUP_FOLLOW, &ip))
		return -ENOENT;
	struct file *f = file_alloc(ip, O_RDWR);
	inode_put(ip);
	if (!f)
		return -ENOMEM;
	for (int fd = 0; fd < 3; fd++)
		p->fdt->files[fd] = file_get(f);
	file_put(f);
	tty_give_init_console(p);
	return 0;
}

void proc_start_init(const struct dt_info *dt)
{
	static char argbuf[256];
	char *argv[16];
	char *envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *path = bootarg_value(dt->bootargs, "init");
	char init_path[64];

	if (!dt->initrd_end)
		panic("no initrd: nothing to run (boot with -initrd build/initrd.cpio)");
	fs_boot(dt->initrd_start, dt->initrd_end - dt->initrd_start);
	if (proc_mount(dt))
		panic("out of memory mounting /proc");
	random_init(dt->rng_seed, (size_t)dt->rng_seed_len);
	snprintk(init_path, sizeof(init_path), "%s", path ? path : "/init");
	argv[0] = init_path;
	bootarg_init_args(dt->bootargs, argbuf, sizeof(argbuf), argv + 1, 15);

	struct proc *p = proc_alloc();
	if (!p)
		panic("out of memory creating init");
	init_proc = p;
	p->pgid = p->pid;
	p->sid = p->pid;
	this_cpu()->current = p;
	p->mm = mm_create();
	p->fdt = fd_table_create();
	p->fs = fs_info_create(fs_root(), 022);
	p->sighand = sighand_create();
	p->tg = thread_group_create(p->pid, p);
	if (!p->mm || !p->fdt || !p->fs || !p->sighand || !p->tg || open_console(p))
		panic("out of memory creating init");
	rlimit_init(p);
	rlimit_to_mm(p);
	long err = proc_execve(init_path, argv, envp);
	this_cpu()->current = NULL;
	if (err)
		panic("cannot run init %s (error %ld)", init_path, err);
	set_state(p, PROC_RUNNABLE);
}

static const char *signal_name(int sig)
{
	return sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGILL ? "SIGILL" :
	       sig == SIGKILL ? "SIGKILL" : sig == SIGTRAP ? "SIGTRAP" : "a signal";
}

void proc_die(int sig, const char *why, uint64_t addr, uint64_t pc)
{
	struct proc *p = current_proc();

	printk("pid %d (%s): killed by %s: %s at 0x%lx, pc 0x%lx\n", p->pid, p->name,
	       signal_name(sig), why, addr, pc);
	proc_group_exit(signal_wait_status(sig));
}

static enum fault_access fault_access_of(uint64_t scause)
{
	return scause == EXC_STORE_PAGE_FAULT ? FAULT_WRITE :
	       scause == EXC_INST_PAGE_FAULT ? FAULT_EXEC : FAULT_READ;
}

const char *trap_cause_name(uint64_t scause);

/* The signal and si_code for a fault the kernel cannot resolve (Linux
 * arch/riscv/kernel/traps.c; a page fault outside every range is SEGV_MAPERR, one the
 * range's protection forbids SEGV_ACCERR). */
static int fault_signal(struct trap_frame *f, int err, int *code)
{
	if (err == FAULT_SIGBUS) {
		*code = BUS_ADRERR;   /* a file mapping's page past the end of the file */
		return SIGBUS;
	}
	switch (f->scause) {
	case EXC_ILLEGAL:
		*code = ILL_ILLOPC;
		return SIGILL;
	case EXC_BREAKPOINT:
		*code = TRAP_BRKPT;
		return SIGTRAP;
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
	case EXC_INST_MISALIGNED:
		*code = BUS_ADRALN;
		return SIGBUS;
	default: {
		struct mm *mm = current_proc()->mm;
		mm_lock_shared(mm);
		*code = vma_find(&mm->vmas, f->stval) ? SEGV_ACCERR : SEGV_MAPERR;
		mm_unlock_shared(mm);
		return SIGSEGV;
	}
	}
}

/* A fault the kernel cannot resolve goes to the process's handler, or ends the process
 * with a line saying why. si_addr is the faulting address (stval), or the pc for an
 * illegal instruction and a breakpoint, as Linux reports them. Out of line: inlined, its
 * registers were saved and restored on every page fault. */
static __attribute__((noinline, cold)) void kill_for_fault(struct trap_frame *f, int err)
{
	struct proc *p = current_proc();
	uint64_t code = f->scause;
	int si_code;

	if (err == -ENOMEM) {
		printk("pid %d (%s): out of memory on a page fault at 0x%lx, pc 0x%lx: killed\n",
		       p->pid, p->name, f->stval, f->sepc);
		proc_group_exit(signal_wait_status(SIGKILL));
	}
	int sig = fault_signal(f, err, &si_code);
	uint64_t addr = sig == SIGILL || sig == SIGTRAP ? f->sepc : f->stval;
	if (!signal_force_fault(sig, si_code, addr))
		proc_die(sig, trap_cause_name(code), f->stval, f->sepc);
}

/* Under the address-space lock, shared: a fault of one process never waits for another's,
 * and threads of one fault in parallel (mm/uvm.h); only the calls that change the ranges
 * wait for them and make them wait. A fault while this hart holds the lock (a user copy
 * under it) is a "taken twice" panic. */
static int fault_locked(struct mm *mm, uint64_t addr, uint64_t scause)
{
	return uvm_fault_locking(mm, addr, fault_access_of(scause));
}

void user_page_fault(struct trap_frame *f)
{
	int err = fault_locked(current_proc()->mm, f->stval, f->scause);
	if (err)
		kill_for_fault(f, err);
	else
		current_proc()->usage.min_flt++;
}

void user_exception(struct trap_frame *f)
{
	kill_for_fault(f, -EFAULT);
}

int user_fault_from_kernel(uint64_t addr, uint64_t scause)
{
	struct proc *p = current_proc();
	int err = p && p->mm ? fault_locked(p->mm, addr, scause) : -EFAULT;
	if (!err)
		p->usage.min_flt++;
	return err;
}

_Static_assert(offsetof(struct proc, sig_work) == PROC_SIG_WORK, "proc layout");

int user_return_check(void)
{
	struct proc *p = current_proc();

	if (!p)
		return 0;
	/* sig_work cleared first, the fields read after (signal_work_set): it stays set
	 * while any of them is nonzero, a blocked signal's queue (the thread's or the
	 * group's) included. */
	__atomic_store_n(&p->sig_work, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&p->killed, __ATOMIC_RELAXED) ||
	    __atomic_load_n(&p->sig_pending, __ATOMIC_RELAXED) || signal_queued(p))
		__atomic_store_n(&p->sig_work, 1, __ATOMIC_RELAXED);
	/* A look without the lock, for speed: a signal sent meanwhile is seen on the next
	 * return to user mode. */
	return signal_pending(p) || __atomic_load_n(&p->sig_pending, __ATOMIC_RELAXED);
}

/* Whether wait4(pid, ...) from self may report p (wait4(2): pid > 0 that child, -1 any
 * child, 0 any in self's group, < -1 any in group -pid). A child is a thread group,
 * seen through its leader; any thread of the parent's group may wait for it.
 * proc_lock held. */
static int wait_matches(const struct proc *self, const struct proc *p, int pid)
{
	if (p->parent != self->tg->leader || p->state == PROC_UNUSED ||
	    p->state == PROC_EMBRYO || !thread_is_leader(p))
		return 0;
	if (p->state == PROC_ZOMBIE && p->adopted)
		return 0;   /* the kernel reaps it */
	if (pid > 0)
		return p->pid == pid;
	if (pid == -1)
		return 1;
	return p->pgid == (pid == 0 ? self->pgid : -pid);
}

/* What child p has to report under these options, taken: its pid (with *status and
 * its usage and its children's in *ru, as Linux's wait4 reports) or 0. A zombie is
 * reaped. proc_lock held. */
static long take_report(struct proc *p, int options, int *status, struct rusage *ru)
{
	int pid = p->pid;
	uint64_t cpu;
	struct usage u;

	usage_both(p, &cpu, &u);
	usage_to_rusage(ru, cpu, &u);
	if (p->state == PROC_ZOMBIE && !p->tg->unfinished) {   /* the leader may exit first */
		*status = p->wait_status;
		/* getrusage(2): RUSAGE_CHILDREN counts the children waited for. */
		p->parent->tg->children_cpu_time += cpu;
		usage_add(&p->parent->tg->children_usage, &u);
		proc_release(p);
	} else if ((options & WUNTRACED) && p->tg->stop_report) {
		*status = W_STOPCODE(p->tg->stop_report);
		p->tg->stop_report = 0;
	} else if ((options & WCONTINUED) && p->tg->cont_report) {
		*status = W_CONTINUED;
		p->tg->cont_report = 0;
	} else {
		return 0;
	}
	return pid;
}

/* The first child matching pid with something to report: its pid (and *status), 0 for
 * WNOHANG when none has yet, or -errno. proc_lock held. */
static long wait_child(struct proc *self, int pid, int options, int *status,
		       struct rusage *ru)
{
	for (;;) {
		int any = 0;
		for (int i = 0; i < proc_table_used; i++) {
			struct proc *p = &proc_table[i];
			if (!wait_matches(self, p, pid))
				continue;
			any = 1;
			long r = take_report(p, options, status, ru);
			if (r)
				return r;
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		long err = signal_interrupts_sleep();
		if (err)
			return err;
		sleep_locked(self->tg->leader, 0);   /* exits and stops wake the parent group */
	}
}

long proc_wait4(int pid, uint64_t status_addr, int options, uint64_t rusage_addr)
{
	int status = 0;
	struct rusage ru;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return -EINVAL;
	if (pid == INT_MIN)
		return -ESRCH;   /* -INT_MIN names no group (Linux says ESRCH too) */
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	long r = wait_child(current_proc(), pid, options, &status, &ru);
	spin_unlock_irqrestore(&proc_lock, flags);

	/* As Linux does, the child is reaped even if its status cannot be stored. */
	if (r > 0 && status_addr && copy_to_user(status_addr, &status, sizeof(status)))
		return -EFAULT;
	if (r > 0 && rusage_addr && copy_to_user(rusage_addr, &ru, sizeof(ru)))
		return -EFAULT;
	return r;
}
