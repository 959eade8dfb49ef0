/* Time, sleeping and system information. */
#include <string.h>
#include "abi/errno.h"
#include "abi/sysinfo.h"
#include "abi/time.h"
#include "abi/utsname.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "syscall/syscall.h"
#include "mm/page.h"
#include "mm/usercopy.h"
#include "trap/timer.h"


long sys_clock_gettime(uint64_t clock, uint64_t uts, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	/* Every clock counts from boot: there is no RTC, so REALTIME starts at the epoch. */
	if (clock > CLOCK_BOOTTIME || clock == CLOCK_PROCESS_CPUTIME_ID ||
	    clock == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	uint64_t ns = timer_now_ns();
	struct timespec ts = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
	return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_nanosleep(uint64_t ureq, uint64_t urem, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct timespec req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	uint64_t ns = (uint64_t)req.tv_sec >= UINT64_MAX / NSEC_PER_SEC ? UINT64_MAX :
		      (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
	uint64_t deadline = timer_deadline_after_ns(ns);
	while (timer_read() < deadline) {
		if (current_proc()->killed)
			return -EINTR;
		sleep_on(&deadline, deadline);
	}
	if (urem) {
		struct timespec zero = { 0, 0 };
		if (copy_to_user(urem, &zero, sizeof(zero)))
			return -EFAULT;
	}
	return 0;
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
long sys_getrandom(uint64_t ubuf, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)flags, (void)a3, (void)a4, (void)a5;
	static uint64_t state = 0x2545f4914f6cdd1dUL;
	uint64_t done = 0;

	if (len > 256)
		len = 256;
	while (done < len) {
		state ^= timer_read();
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		uint64_t n = len - done < 8 ? len - done : 8;
		if (copy_to_user(ubuf + done, &state, n))
			return -EFAULT;
		done += n;
	}
	return (long)len;
}
