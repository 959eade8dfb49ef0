/* Shared by the benchmark programs in user/bench (run by tools/bench.py, never by runtests).
 * Under QEMU `-icount shift=0` rdinstret counts guest instructions, one per instruction,
 * kernel ones included (docs/benchmarks.md says why it is deterministic). Each result
 * is one line "BENCH <name> <instructions> <units>"; the script divides. */
#ifndef USER_BENCH_BENCH_H
#define USER_BENCH_BENCH_H

#include <stdio.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <syscall.h>
#include <unistd.h>

static inline unsigned long instret(void)
{
    unsigned long n;
    /* volatile: every read is a point in time, never merged with another or moved. */
    __asm__ volatile("rdinstret %0" : "=r"(n));
    return n;
}

static inline void bench_report(const char *name, unsigned long instructions,
                                 unsigned long units)
{
    printf("BENCH %s %lu %lu\n", name, instructions, units);
}

/* A benchmark this kernel cannot run yet (a missing system call or flag): "BENCH-SKIP
 * <name> <reason>", shown as skipped beside the other kernel's figure. */
static inline void bench_skip(const char *name, const char *reason)
{
    printf("BENCH-SKIP %s %s\n", name, reason);
}

/* reboot(2) arguments (linux/reboot.h); the number is asm-generic's, which the kernel's
 * table (abi/syscall_nr.h) does not list because it has no reboot call. */
#define BENCH_NR_reboot 142
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

/* The end of every benchmark's main, run as init on both kernels (tools/bench.py). Ours
 * powers off when init exits; Linux panics ("Attempted to kill init"), so pid 1 asks it to
 * power off first (reboot(2), LINUX_REBOOT_CMD_POWER_OFF: SBI SRST on QEMU virt). Our
 * kernel answers ENOSYS and the return from main powers it off. */
static inline int bench_finish(void)
{
    if (sys_getpid() == 1)
        syscall6(BENCH_NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
                 LINUX_REBOOT_CMD_POWER_OFF, 0, 0, 0);
    return 0;
}

/* A benchmark whose set-up failed measures nothing: say why and stop. */
static inline _Noreturn void bench_fail(const char *what, long err)
{
    printf("BENCH-ERROR %s (%ld)\n", what, err);
    bench_finish();
    exit(1);
}

/* A workload row: runs path (argv, envp) in a child and reports as name the instructions
 * from its fork to its reaping (exec, the program's run and its exit included). A child
 * that fails ends the benchmark. */
static inline void bench_run_program(const char *name, const char *path, char *const argv[],
                                     char *const envp[])
{
    unsigned long start = instret();
    long pid = fork();
    if (pid == 0) {
        sys_execve(path, argv, envp);
        sys_exit(127);
    }
    if (pid < 0)
        bench_fail("fork", pid);
    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    unsigned long end = instret();
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail(name, got < 0 ? got : status);
    bench_report(name, end - start, 1);
}

#endif
