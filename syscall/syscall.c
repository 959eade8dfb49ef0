/* The system call table: number in a7, arguments in a0..a5, result (or -errno) in a0,
 * as Linux riscv64 does. trap/entry.S dispatches through it. */
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "syscall/syscall.h"
#include "trap/trap.h"

const syscall_fn syscall_table[NR_SYSCALLS] = {
	[SYS_ioctl] = sys_ioctl,
	[SYS_readlinkat] = sys_readlinkat,
	[SYS_newfstatat] = sys_newfstatat,
	[SYS_fstat] = sys_fstat,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_writev] = sys_writev,
	[SYS_exit] = sys_exit,
	[SYS_exit_group] = sys_exit,
	[SYS_set_tid_address] = sys_set_tid_address,
	[SYS_set_robust_list] = sys_set_robust_list,
	[SYS_nanosleep] = sys_nanosleep,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_sched_yield] = sys_sched_yield,
	[SYS_kill] = sys_kill,
	[SYS_setpgid] = sys_setpgid,
	[SYS_getpgid] = sys_getpgid,
	[SYS_uname] = sys_uname,
	[SYS_getpid] = sys_getpid,
	[SYS_getppid] = sys_getppid,
	[SYS_getuid] = sys_getuid,
	[SYS_geteuid] = sys_getuid,
	[SYS_getgid] = sys_getuid,
	[SYS_getegid] = sys_getuid,
	[SYS_gettid] = sys_getpid,
	[SYS_sysinfo] = sys_sysinfo,
	[SYS_brk] = sys_brk,
	[SYS_munmap] = sys_munmap,
	[SYS_clone] = syscall_clone_entry,
	[SYS_execve] = syscall_execve_entry,
	[SYS_mmap] = sys_mmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_wait4] = sys_wait4,
	[SYS_prlimit64] = sys_prlimit64,
	[SYS_getrandom] = sys_getrandom,
};

/* Each unimplemented number is logged once, then just returns -ENOSYS. */
static uint64_t reported_unknown[NR_SYSCALLS / 64];

void syscall_unknown(struct trap_frame *f)
{
	struct proc *p = current_proc();
	uint64_t nr = f->x[REG_A7];
	uint64_t bit = 1UL << (nr % 64);

	if (nr >= NR_SYSCALLS) {
		printk("pid %d (%s): syscall %lu does not exist: ENOSYS\n", p->pid, p->name, nr);
	} else if (!(reported_unknown[nr / 64] & bit)) {
		reported_unknown[nr / 64] |= bit;
		printk("pid %d (%s): syscall %lu not implemented: ENOSYS\n", p->pid, p->name, nr);
	}
	f->x[REG_A0] = (uint64_t)-ENOSYS;
}
