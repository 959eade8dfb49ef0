/* Time, sleeping and system information. */
#include <string.h>
#include "abi/errno.h"
#include "abi/random.h"
#include "abi/resource.h"
#include "abi/sysinfo.h"
#include "abi/time.h"
#include "abi/utsname.h"
#include "fs/file.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/realtime.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/user_time.h"
#include "syscall/syscall.h"
#include "mm/page.h"
#include "mm/usercopy.h"
#include "trap/timer.h"


/* Every clock counts from boot, but REALTIME (with its COARSE form, and TAI, which has
 * no leap seconds to add) adds the wall-clock offset kernel/realtime.c keeps: set at boot
 * from the RTC, and by clock_settime and settimeofday. The CPU-time clocks count time on
 * a hart: the calling thread's, or its whole process's (every thread's, exited ones
 * included). Neither can be slept on here: Linux refuses the thread clock, and sleeps on
 * the process clock until the threads have used the time, which is not implemented. */
enum clock_kind { KIND_BAD, KIND_SLEEPABLE, KIND_NO_SLEEP, KIND_CPU };

static enum clock_kind clock_kind(uint64_t clock)
{
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
		return KIND_SLEEPABLE;
	case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
		return KIND_NO_SLEEP;
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		return KIND_CPU;
	default:
		return KIND_BAD;
	}
}

static int is_wall_clock(uint64_t clock)
{
	return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI;
}

static struct timespec ns_to_timespec(uint64_t ns)
{
	return (struct timespec){ (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

/* The caller's CPU time so far in rdtime ticks, user and system: what run() added up,
 * and the stretch running now (the kernel runs with interrupts off, so no switch comes in
 * between). */
static uint64_t cpu_time(uint64_t clock)
{
	struct proc *p = current_proc();
	uint64_t cpu;
	struct usage u;

	if (clock == CLOCK_THREAD_CPUTIME_ID)
		return p->cpu_time + (timer_read() - p->run_start);
	usage_process(&cpu, &u);
	return cpu;
}

long sys_clock_gettime(uint64_t clock, uint64_t uts, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	enum clock_kind kind = clock_kind(clock);

	if (kind == KIND_BAD)
		return -EINVAL;
	uint64_t t = kind == KIND_CPU ? cpu_time(clock) : timer_read();
	uint64_t ns = is_wall_clock(clock) ? realtime_now_ns() : timer_to_ns(t);
	struct timespec ts = ns_to_timespec(ns);
	return copy_to_user(uts, &ts, sizeof(ts));
}

/* clock_settime(2): only CLOCK_REALTIME can be set (EINVAL for the others, as Linux
 * answers for clocks without a setter), to a time with tv_nsec in range and not
 * before the epoch. The one user may (no EPERM). */
static long set_wall_clock(const struct timespec *ts)
{
	uint64_t ns;
	long err = timespec_to_ns(ts, &ns);

	if (!err)
		realtime_set_ns(ns);
	return err;
}

long sys_clock_settime(uint64_t clock, uint64_t uts, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct timespec ts;

	if (clock != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	return set_wall_clock(&ts);
}

/* gettimeofday(2) and settimeofday(2): the wall clock in microseconds. The time zone is
 * long obsolete: written as zeros, ignored when set. */
long sys_gettimeofday(uint64_t utv, uint64_t utz, uint64_t a2, uint64_t a3, uint64_t a4,
		      uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	uint64_t ns = realtime_now_ns();
	struct timeval tv = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC / 1000) };
	struct timezone tz = { 0, 0 };

	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	return utz && copy_to_user(utz, &tz, sizeof(tz)) ? -EFAULT : 0;
}

long sys_settimeofday(uint64_t utv, uint64_t utz, uint64_t a2, uint64_t a3, uint64_t a4,
		      uint64_t a5)
{
	(void)utz, (void)a2, (void)a3, (void)a4, (void)a5;
	struct timeval tv;

	if (!utv)
		return 0;
	if (copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EINVAL;
	return set_wall_clock(&(struct timespec){ tv.tv_sec, tv.tv_usec * 1000 });
}

/* clock_getres(2): every clock reads the same counter, so all have its tick. A NULL res
 * only checks the clock. */
long sys_clock_getres(uint64_t clock, uint64_t ures, uint64_t a2, uint64_t a3, uint64_t a4,
		      uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	if (clock_kind(clock) == KIND_BAD)
		return -EINVAL;
	struct timespec res = ns_to_timespec(timer_resolution_ns());
	return ures ? copy_to_user(ures, &res, sizeof(res)) : 0;
}

/* Sleeps until the rdtime value deadline. A stop and continue does not end the sleep
 * (Linux restarts it, as no handler runs); a fatal or handled signal does, with -EINTR
 * even under SA_RESTART (nanosleep(2)) and, if urem is not 0, the time left written
 * there (rem is written only then). */
static long sleep_until(uint64_t deadline, uint64_t urem)
{
	uint64_t now;

	while ((now = timer_read()) < deadline) {
		if (signal_interrupts_sleep()) {
			struct timespec rem = ns_to_timespec(timer_to_ns(deadline - now));
			if (urem && copy_to_user(urem, &rem, sizeof(rem)))
				return -EFAULT;
			return -EINTR;
		}
		sleep_on(&deadline, deadline);
	}
	return 0;
}

long sys_nanosleep(uint64_t ureq, uint64_t urem, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	uint64_t ns;
	long err = timespec_ns_from_user(ureq, &ns);

	return err ? err : sleep_until(timer_deadline_after_ns(ns), urem);
}

/* clock_nanosleep(2), as the raw system call: errors are returned as -errno (glibc turns
 * them into the positive return value). As in Linux, flags other than TIMER_ABSTIME are
 * ignored, a clock that cannot be slept on is -EOPNOTSUPP (ENOTSUP) before the request is
 * read, and an absolute sleep never writes rem. */
long sys_clock_nanosleep(uint64_t clock, uint64_t flags, uint64_t ureq, uint64_t urem,
			 uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	enum clock_kind kind = clock_kind(clock);
	uint64_t ns;

	if (kind == KIND_BAD)
		return -EINVAL;
	if (kind != KIND_SLEEPABLE)
		return -EOPNOTSUPP;
	long err = timespec_ns_from_user(ureq, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		/* A wall-clock deadline is that much later on the monotonic clock; one already
		 * past (or before boot) is due now. Setting the clock does not move it. */
		if (is_wall_clock(clock)) {
			int64_t mono = (int64_t)ns - realtime_offset_ns();
			ns = mono < 0 ? 0 : (uint64_t)mono;
		}
		return sleep_until(timer_deadline_at_ns(ns), 0);
	}
	return sleep_until(timer_deadline_after_ns(ns), urem);
}

/* CPU time in the clock ticks of times(2) (TICK_HZ, what AT_CLKTCK tells glibc). */
static long to_clock_ticks(uint64_t t)
{
	return (long)(timer_to_ns(t) / (NSEC_PER_SEC / TICK_HZ));
}

/* times(2): user and system time (kernel/usage.c), the process's and its waited-for
 * children's. Returns the clock ticks since boot. */
long sys_times(uint64_t ubuf, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	uint64_t cpu;
	struct usage u;

	usage_process(&cpu, &u);
	struct tms t = {
		.tms_utime = to_clock_ticks(u.user),
		.tms_stime = to_clock_ticks(cpu - u.user),
		.tms_cutime = to_clock_ticks(p->tg->children_usage.user),
		.tms_cstime = to_clock_ticks(p->tg->children_cpu_time - p->tg->children_usage.user),
	};

	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return to_clock_ticks(timer_read());
}

/* getrusage(2) (kernel/usage.c): RUSAGE_SELF counts every thread of the process,
 * RUSAGE_THREAD the caller, RUSAGE_CHILDREN the children waited for, and theirs. */
long sys_getrusage(uint64_t who, uint64_t uru, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct proc *p = current_proc();
	struct rusage ru;
	uint64_t cpu;
	struct usage u;

	if ((int)who == RUSAGE_SELF)
		usage_process(&cpu, &u);
	else if ((int)who == RUSAGE_THREAD)
		usage_self(&cpu, &u);
	else if ((int)who == RUSAGE_CHILDREN)
		cpu = p->tg->children_cpu_time, u = p->tg->children_usage;
	else
		return -EINVAL;
	usage_to_rusage(&ru, cpu, &u);
	return copy_to_user(uru, &ru, sizeof(ru));
}

long sys_uname(uint64_t ubuf, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	static const struct utsname u = {
		"sv39", "sv39", "0.1.0", "#1 (Linux riscv64 system call ABI)", "riscv64", "(none)",
	};
	return copy_to_user(ubuf, &u, sizeof(u));
}

long sys_sysinfo(uint64_t ubuf, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(timer_now_ns() / NSEC_PER_SEC);
	si.totalram = pmm_total_count(&kernel_pmm);
	si.freeram = pmm_free_count(&kernel_pmm);   /* in pages: mem_unit is the page size */
	si.procs = (unsigned short)proc_count();
	si.mem_unit = PAGE_SIZE;
	return copy_to_user(ubuf, &si, sizeof(si));
}

/* Not cryptographic: a xorshift generator stirred with the timer, enough for stack
 * canaries and hash seeds in test programs. */
/* getrandom(2): the generator is ready from boot, so no flag ever waits; GRND_RANDOM
 * and GRND_INSECURE together, or any unknown flag, are EINVAL. */
long sys_getrandom(uint64_t ubuf, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	char chunk[256];
	uint64_t done = 0;

	if ((flags & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	while (done < len) {
		uint64_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		random_bytes(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)len;
}
