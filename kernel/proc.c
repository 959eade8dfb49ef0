/* Process lifecycle: creation (init, clone), exit, wait4 and user faults. */
#include <limits.h>
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

/* Takes a free slot for a new process, not yet runnable. */
static struct proc *take_slot(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct proc *p = NULL;

	for (int i = 0; i < NPROC && !p; i++)
		if (proc_table[i].state == PROC_UNUSED)
			p = &proc_table[i];
	if (p) {
		int index = (int)(p - proc_table);
		if (index >= proc_table_used)
			proc_table_used = index + 1;
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

/* A fresh process slot with a kernel stack whose first switch lands in proc_entry. */
static struct proc *proc_alloc(void)
{
	struct proc *p = take_slot();

	if (!p)
		return NULL;
	if (kstack_alloc(&p->kstack) < 0) {
		set_state(p, PROC_UNUSED);
		return NULL;
	}
	/* This hart writes the new stack (the frame below, and fork's copy into it). */
	p->kstack.cpus = 1UL << this_cpu()->index;
	p->tf = (struct trap_frame *)(p->kstack.hi - sizeof(struct trap_frame));
	memset(p->tf, 0, sizeof(*p->tf));
	p->context.ra = (uint64_t)proc_entry;
	p->context.sp = (uint64_t)p->tf;
	return p;
}

void proc_release(struct proc *p)
{
	BUG_ON(!spin_holding(&proc_lock));
	kstack_free(&p->kstack);
	p->state = PROC_UNUSED;
}

/* Undoes proc_alloc for a process that never ran. */
static void proc_discard(struct proc *p)
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

	for (int i = 0; i < NPROC; i++)
		n += proc_table[i].state != PROC_UNUSED;
	spin_unlock_irqrestore(&proc_lock, flags);
	return n;
}

void proc_for_each_mm(void (*fn)(struct mm *mm, void *arg), void *arg)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].state != PROC_UNUSED && proc_table[i].mm)
			fn(proc_table[i].mm, arg);
	spin_unlock_irqrestore(&proc_lock, flags);
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
		p->files[fd] = file_get(f);
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
	rlimit_init(p);
	rlimit_to_mm(p);
	p->cwd = inode_get(fs_root());
	p->umask = 022;
	if (!p->mm || open_console(p))
		panic("out of memory creating init");
	long err = proc_execve(init_path, argv, envp);
	this_cpu()->current = NULL;
	if (err)
		panic("cannot run init %s (error %ld)", init_path, err);
	set_state(p, PROC_RUNNABLE);
}

/* p's children go to init (proc_lock held), which waits only for the children it forked
 * itself (the shell and the test runner wait for one pid at a time). So the kernel reaps
 * the orphans it gives init: those already zombies now, the others when they exit (the
 * scheduler frees them once they are off their stacks). For init it is as if SIGCHLD
 * were ignored for adopted children only: POSIX says such children leave no zombie, and
 * wait4 blocks while any is alive, then fails with ECHILD. getppid() in an orphan says 1,
 * as on Linux. */
static void reparent_children(struct proc *p)
{
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *child = &proc_table[i];
		if (child->state == PROC_UNUSED || child->parent != p)
			continue;
		child->parent = init_proc;
		child->adopted = 1;
		if (child->state == PROC_ZOMBIE)
			proc_release(child);
	}
}

void proc_exit(int wait_status)
{
	struct proc *p = current_proc();

	if (p == init_proc) {
		int code = (wait_status & 0x7f) ? 128 + (wait_status & 0x7f) : (wait_status >> 8) & 0xff;
		printk("init exited with status %d; powering off\n", code);
		power_off(code);
	}
	tty_session_leader_exit(p);
	proc_clear_child_tid();
	/* Leave the address space before freeing it: satp must never name a freed root. */
	__asm__ volatile("csrw satp, %0\n sfence.vma" ::"r"(kvm_satp(kernel_root, 0)) : "memory");
	usage_note_rss(p);
	mm_put(p->mm);
	p->mm = NULL;
	fpu_forget(p);
	fd_exit(p);

	/* Held through the switch away (the scheduler releases it): until then no parent on
	 * another hart can see the zombie and free the stack this code still runs on. */
	(void)spin_lock_irqsave(&proc_lock);
	if (p->vfork_parent) {
		p->vfork_parent = NULL;
		wakeup_locked(p);
	}
	pgrp_exit_orphans(p);
	reparent_children(p);
	p->wait_status = wait_status;
	if (signal_notify_parent(p, !(wait_status & 0x7f) ? CLD_EXITED :
				 (wait_status & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED,
				 (wait_status & 0x7f) ? wait_status & 0x7f : (wait_status >> 8) & 0xff))
		p->adopted = 1;   /* the parent ignores SIGCHLD: nobody waits for p */
	p->state = PROC_ZOMBIE;
	wakeup_locked(p->parent);   /* init, for an orphan: its wait4 may now fail with ECHILD */
	sched();
	panic("zombie %d ran again", p->pid);
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
	proc_exit(signal_wait_status(sig));
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
	default:
		*code = vma_find(&current_proc()->mm->vmas, f->stval) ? SEGV_ACCERR : SEGV_MAPERR;
		return SIGSEGV;
	}
}

/* A fault the kernel cannot resolve goes to the process's handler, or ends the process
 * with a line saying why. si_addr is the faulting address (stval), or the pc for an
 * illegal instruction and a breakpoint, as Linux reports them. */
static void kill_for_fault(struct trap_frame *f, int err)
{
	struct proc *p = current_proc();
	uint64_t code = f->scause;
	int si_code;

	if (err == -ENOMEM) {
		printk("pid %d (%s): out of memory on a page fault at 0x%lx, pc 0x%lx: killed\n",
		       p->pid, p->name, f->stval, f->sepc);
		proc_exit(signal_wait_status(SIGKILL));
	}
	int sig = fault_signal(f, err, &si_code);
	uint64_t addr = sig == SIGILL || sig == SIGTRAP ? f->sepc : f->stval;
	if (!signal_force_fault(sig, si_code, addr))
		proc_die(sig, trap_cause_name(code), f->stval, f->sepc);
}

void user_page_fault(struct trap_frame *f)
{
	int err = uvm_fault(current_proc()->mm, f->stval, fault_access_of(f->scause));
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
	int err = p && p->mm ? uvm_fault(p->mm, addr, fault_access_of(scause)) : -EFAULT;
	if (!err)
		p->usage.min_flt++;
	return err;
}

int user_return_check(void)
{
	struct proc *p = current_proc();

	/* A look without the lock, for speed: a signal sent meanwhile is seen on the next
	 * return to user mode. */
	return p && (signal_pending(p) || __atomic_load_n(&p->sig_pending, __ATOMIC_RELAXED));
}

/* The vfork parent waits until the child has its own image or is gone (exec and exit
 * clear vfork_parent, then wake the child's channel). */
static void vfork_wait(struct proc *parent, struct proc *child, int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	while (child->pid == pid && child->vfork_parent == parent && !parent->killed)
		sleep_locked(child, 0);
	spin_unlock_irqrestore(&proc_lock, flags);
}

/* The clone flags implemented: fork and vfork (CLONE_VM with CLONE_VFORK), and the tid
 * stores glibc's fork asks for. Threads and other sharing (CLONE_THREAD, CLONE_SIGHAND,
 * CLONE_FILES, CLONE_SETTLS, ...) are refused. */
#define CLONE_SUPPORTED (CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

long proc_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid)
{
	struct proc *parent = current_proc();
	int vfork = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);

	/* Fork and vfork only: threads (CLONE_VM without CLONE_VFORK) are not supported. */
	if ((flags & ~CLONE_SUPPORTED) || ((flags & CLONE_VM) && !vfork))
		return -EINVAL;
	/* RLIMIT_NPROC counts every process, all being root's. (Linux exempts root; here
	 * the limit is kept as for an ordinary user, so that it means something.) */
	if ((uint64_t)proc_count() >= rlimit(parent, RLIMIT_NPROC))
		return -EAGAIN;
	struct proc *child = proc_alloc();
	if (!child)
		return -EAGAIN;
	if (vfork) {
		child->mm = parent->mm;
		parent->mm->users++;
	} else if (!(child->mm = mm_fork(parent->mm))) {
		proc_discard(child);
		return -ENOMEM;
	}
	fpu_copy(child, parent);
	child->cpus_allowed = parent->cpus_allowed;   /* sched_setaffinity(2): inherited */
	fd_fork(child, parent);
	signal_fork(child, parent);
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	rlimit_to_mm(child);
	*child->tf = *parent->tf;
	child->tf->x[REG_A0] = 0;
	if (newsp)
		child->tf->x[REG_SP] = newsp;
	memcpy(child->name, parent->name, sizeof(child->name));
	memcpy(child->exe, parent->exe, sizeof(child->exe));
	child->parent = parent;
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	child->tty = parent->tty;
	clone_store_tids(child, flags, parent_tid, child_tid);
	int pid = child->pid;
	if (vfork)
		child->vfork_parent = parent;
	set_state(child, PROC_RUNNABLE);
	if (vfork)
		vfork_wait(parent, child, pid);
	return pid;
}

/* Whether wait4(pid, ...) from self may report p (wait4(2): pid > 0 that child, -1 any
 * child, 0 any in self's group, < -1 any in group -pid). proc_lock held. */
static int wait_matches(const struct proc *self, const struct proc *p, int pid)
{
	if (p->parent != self || p->state == PROC_UNUSED || p->state == PROC_EMBRYO)
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
	if (p->state == PROC_ZOMBIE) {
		*status = p->wait_status;
		/* getrusage(2): RUSAGE_CHILDREN counts the children waited for. */
		p->parent->children_cpu_time += cpu;
		usage_add(&p->parent->children_usage, &u);
		proc_release(p);
	} else if ((options & WUNTRACED) && p->stop_report) {
		*status = W_STOPCODE(p->stop_report);
		p->stop_report = 0;
	} else if ((options & WCONTINUED) && p->cont_report) {
		*status = W_CONTINUED;
		p->cont_report = 0;
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
		sleep_locked(self, 0);
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
