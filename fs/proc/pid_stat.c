/* /proc/PID/stat, status, cmdline and comm (fs/proc/array.c, base.c). */
#include "abi/signal.h"
#include "abi/time.h"
#include "fs/proc/pid_mem.h"
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/uvm.h"
#include "trap/timer.h"

static uint64_t clock_ticks(uint64_t rdtime_ticks)
{
	return timer_to_ns(rdtime_ticks) / (NSEC_PER_SEC / TICK_HZ);
}

/* The letter and word of task_state_array. */
static const char *state_of(const struct proc *p)
{
	switch (p->state) {
	case PROC_SLEEPING: return "S (sleeping)";
	case PROC_STOPPED: return "T (stopped)";
	case PROC_ZOMBIE: return "Z (zombie)";
	default: return "R (running)";
	}
}

static void mem_of(struct proc *p, struct pid_mem *u)
{
	if (p->mm)
		pid_mem_usage(p->mm, u);
	else
		*u = (struct pid_mem){ 0, 0, 0 };
}

/* The pid of p's parent process (its group's id). */
static int parent_tgid(const struct proc *p)
{
	return p->parent && p->parent->tg ? p->parent->tg->tgid : 0;
}

/* The 52 fields of do_task_stat in order. There is no terminal (tty_nr 0, tpgid -1) and
 * no session yet (0); all CPU time is user time; priority 20 and nice 0 as for a normal
 * task; code, stack and environment addresses are not recorded (0), argv's are. */
int show_pid_stat(struct proc_text *t, struct proc *p)
{
	struct pid_mem u;

	mem_of(p, &u);
	uint64_t user = p->usage.user < p->cpu_time ? p->usage.user : p->cpu_time;
	uint64_t cuser = p->tg->children_usage.user;

	/* minflt cminflt majflt cmajflt utime stime cutime cstime (proc(5)) */
	text_printf(t, "%d (%s) %c %d %d %d 0 -1 0 %lu %lu 0 0 %lu %lu %lu %lu 20 0 %d 0 %lu %lu %lu "
		    "18446744073709551615 0 0 0 0 0 %lu 0 0 0 0 0 0 %d 0 0 0 0 0 0 0 0 0 %lu %lu "
		    "0 0 %d\n",
		    p->pid, p->name, state_of(p)[0], parent_tgid(p), p->pgid, 0,
		    p->usage.min_flt, p->tg->children_usage.min_flt, clock_ticks(user),
		    clock_ticks(p->cpu_time - user), clock_ticks(cuser),
		    clock_ticks(p->tg->children_cpu_time - cuser), p->tg->live,
		    clock_ticks(p->start_time), u.size, u.rss, p->sig_pending, SIGCHLD,
		    p->mm ? p->mm->arg_start : 0, p->mm ? p->mm->arg_end : 0,
		    p->state == PROC_ZOMBIE ? p->wait_status : 0);
	return 0;
}

/* proc_pid_status's lines up to the signal masks, as far as this kernel has them: every
 * process is root's and locks no memory; Tgid and Threads are its thread group's. The Vm lines are left out
 * without an address space, as Linux leaves them out for kernel threads. */
int show_pid_status(struct proc_text *t, struct proc *p)
{
	struct pid_mem u;

	mem_of(p, &u);
	text_printf(t, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
		    "PPid:\t%d\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\n"
		    "Groups:\t\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t0\n",
		    p->name, p->fs ? p->fs->umask : 0, state_of(p), p->tg->tgid, p->pid,
		    parent_tgid(p), NOFILE, p->tg->tgid, p->pid, p->pgid);
	if (p->mm) {
		uint64_t kb = PAGE_SIZE / 1024;
		text_printf(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\n"
			    "VmPin:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n"
			    "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmLib:\t%8lu kB\n"
			    "VmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n",
			    u.size / 1024, u.size / 1024, 0UL, 0UL, u.rss * kb, u.rss * kb,
			    (u.size - u.stack) / 1024, u.stack / 1024, 0UL, 0UL, 0UL, 0UL);
	}
	text_printf(t, "Threads:\t%d\nSigQ:\t0/0\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
		    "SigBlk:\t%016lx\nSigIgn:\t0000000000000000\n"
		    "SigCgt:\t0000000000000000\n", p->tg->live, p->sig_queued, p->tg->sig_queued,
		    p->sig_blocked);
	return 0;
}

/* argv's strings as they are in the process's memory, each with its NUL. */
int show_pid_cmdline(struct proc_text *t, struct proc *p)
{
	struct mm *mm = p->mm;

	if (!mm || mm->arg_end <= mm->arg_start)
		return 0;
	uint64_t n = mm->arg_end - mm->arg_start;
	if (n > PROC_TEXT_MAX)
		n = PROC_TEXT_MAX;
	if (!uvm_read(mm, mm->arg_start, t->buf, n))
		t->len = n;
	return 0;
}

int show_pid_comm(struct proc_text *t, struct proc *p)
{
	text_printf(t, "%s\n", p->name);
	return 0;
}
