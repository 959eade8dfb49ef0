/* The machine's /proc files: cpuinfo, uptime, loadavg, stat, version, mounts and
 * filesystems, in the layouts of Linux's fs/proc and arch/riscv/kernel/cpu.c. */
#include "abi/time.h"
#include "devicetree/dt.h"
#include "fs/proc/proc_fs.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "mm/uvm.h"
#include "trap/timer.h"

/* Clock ticks as /proc counts them (USER_HZ, what AT_CLKTCK says). */
static uint64_t to_clock_ticks(uint64_t rdtime_ticks)
{
	return timer_to_ns(rdtime_ticks) / (NSEC_PER_SEC / TICK_HZ);
}

/* The device tree's riscv,isa string for a hart, or NULL. */
static const char *isa_of(uint32_t hartid)
{
	for (int i = 0; i < proc_dt->nharts; i++)
		if (proc_dt->harts[i].hartid == hartid)
			return proc_dt->harts[i].isa;
	return NULL;
}

/* One paragraph a hart the kernel runs on (show_cpuinfo): its CPU number (as getcpu(2)
 * and the affinity masks count), hart id, ISA string and MMU. */
int show_cpuinfo(struct proc_text *t, struct proc *p)
{
	(void)p;
	for (int i = 0; i < MAX_CPUS; i++) {
		if (!(smp_online_mask & (1UL << i)))
			continue;
		const char *isa = isa_of(cpus[i].hartid);
		text_printf(t, "processor\t: %d\nhart\t\t: %u\n", i, cpus[i].hartid);
		if (isa)
			text_printf(t, "isa\t\t: %s\n", isa);
		text_printf(t, "mmu\t\t: sv39\n\n");
	}
	return 0;
}

/* Seconds since boot and the harts' idle seconds, each with hundredths. Idle time is not
 * counted: it is the uptime of every hart less the CPU time of the processes there are
 * now. */
int show_uptime(struct proc_text *t, struct proc *p)
{
	uint64_t now = timer_read(), busy = 0;

	(void)p;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++)
		if (proc_table[i].state != PROC_UNUSED)
			busy += proc_table[i].cpu_time;
	spin_unlock_irqrestore(&proc_lock, flags);
	uint64_t all = now * (uint64_t)smp_ncpus;
	uint64_t up = to_clock_ticks(now), idle = busy < all ? to_clock_ticks(all - busy) : 0;
	text_printf(t, "%lu.%02lu %lu.%02lu\n", up / TICK_HZ, up % TICK_HZ, idle / TICK_HZ,
		    idle % TICK_HZ);
	return 0;
}

/* The load averages are not computed (0.00); then runnable/all processes and the last
 * pid handed out. */
int show_loadavg(struct proc_text *t, struct proc *p)
{
	int running = 0, all = 0, last = 0;

	(void)p;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (q->state == PROC_UNUSED)
			continue;
		all++;
		running += q->state == PROC_RUNNABLE || q->state == PROC_RUNNING;
		if (q->pid > last)
			last = q->pid;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	text_printf(t, "0.00 0.00 0.00 %d/%d %d\n", running, all, last);
	return 0;
}

/* The cpu lines (user nice system idle iowait irq softirq steal guest guest_nice, in
 * clock ticks; all process time is user time here, over the processes there are now),
 * btime (boot time since the epoch: 0, as the clock starts at boot without an RTC),
 * processes (forks since boot: pids are handed out in order, so the last one) and the
 * runnable count. */
int show_stat(struct proc_text *t, struct proc *p)
{
	uint64_t now = timer_read(), busy = 0;
	int running = 0, last = 0;

	(void)p;
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	for (int i = 0; i < proc_table_used; i++) {
		struct proc *q = &proc_table[i];
		if (q->state == PROC_UNUSED)
			continue;
		busy += q->cpu_time;
		running += q->state == PROC_RUNNABLE || q->state == PROC_RUNNING;
		if (q->pid > last)
			last = q->pid;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	/* Time is not counted per hart: each hart's line has an even share. */
	uint64_t all = now * (uint64_t)smp_ncpus;
	uint64_t user = to_clock_ticks(busy), idle = busy < all ? to_clock_ticks(all - busy) : 0;
	text_printf(t, "cpu  %lu 0 0 %lu 0 0 0 0 0 0\n", user, idle);
	for (int i = 0; i < MAX_CPUS; i++)
		if (smp_online_mask & (1UL << i))
			text_printf(t, "cpu%d %lu 0 0 %lu 0 0 0 0 0 0\n", i, user / smp_ncpus,
				    idle / smp_ncpus);
	text_printf(t, "intr 0\nctxt 0\nbtime 0\nprocesses %d\nprocs_running %d\n"
		    "procs_blocked 0\nsoftirq 0\n", last, running);
	return 0;
}

/* linux_proc_banner's layout, with what uname(2) reports. */
int show_version(struct proc_text *t, struct proc *p)
{
	(void)p;
	text_printf(t, "sv39 version 0.1.0 (root@sv39) (gcc) #1 (Linux riscv64 system call ABI)\n");
	return 0;
}

/* /proc/sys/vm/mmap_min_addr: the lowest address mmap gives or takes (MMAP_MIN_ADDR),
 * read-only here. */
int show_mmap_min_addr(struct proc_text *t, struct proc *p)
{
	(void)p;
	text_printf(t, "%lu\n", (unsigned long)MMAP_MIN_ADDR);
	return 0;
}

/* fstab(5) lines, as show_vfsmnt writes them. */
int show_mounts(struct proc_text *t, struct proc *p)
{
	(void)p;
	text_printf(t, "none / ramfs rw 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
	return 0;
}

int show_filesystems(struct proc_text *t, struct proc *p)
{
	(void)p;
	text_printf(t, "nodev\tramfs\nnodev\tproc\n");
	return 0;
}
