/* Time, sleeping and system information. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "syscall/syscall.h"
#include "mm/page.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

#define CLOCK_REALTIME 0
#define CLOCK_BOOTTIME 7
#define NSEC_PER_SEC 1000000000UL

struct timespec64 {
	int64_t sec;
	int64_t nsec;
};

long sys_clock_gettime(uint64_t clock, uint64_t uts, uint64_t a2, uint64_t a3, uint64_t a4,
		       uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	/* Every clock counts from boot: there is no RTC, so REALTIME starts at the epoch. */
	if (clock > CLOCK_BOOTTIME || clock == 2 || clock == 3)
		return -EINVAL;
	uint64_t ns = timer_now_ns();
	struct timespec64 ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
	return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_nanosleep(uint64_t ureq, uint64_t urem, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct timespec64 req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.sec < 0 || req.nsec < 0 || req.nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	uint64_t ns = (uint64_t)req.sec >= UINT64_MAX / NSEC_PER_SEC ? UINT64_MAX :
		      (uint64_t)req.sec * NSEC_PER_SEC + (uint64_t)req.nsec;
	uint64_t deadline = timer_deadline_after_ns(ns);
	while (timer_read() < deadline) {
		if (current_proc()->killed)
			return -EINTR;
		sleep_on(&deadline, deadline);
	}
	if (urem) {
		struct timespec64 zero = { 0, 0 };
		if (copy_to_user(urem, &zero, sizeof(zero)))
			return -EFAULT;
	}
	return 0;
}

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

long sys_uname(uint64_t ubuf, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	static const struct utsname u = {
		"sv39", "sv39", "0.1.0", "#1 (Linux riscv64 system call ABI)", "riscv64", "(none)",
	};
	return copy_to_user(ubuf, &u, sizeof(u));
}

/* Linux struct sysinfo (include/uapi/linux/sysinfo.h) on a 64-bit machine. */
struct sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[4];
};

long sys_sysinfo(uint64_t ubuf, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(timer_now_ns() / NSEC_PER_SEC);
	si.totalram = pmm_total_count(&kernel_pmm);
	si.freeram = pmm_free_count(&kernel_pmm);   /* in pages: mem_unit is the page size */
	si.procs = (uint16_t)proc_count();
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
