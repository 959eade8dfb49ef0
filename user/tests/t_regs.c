/* Registers across system calls: the callee-saved registers (s1..s11 here; s0 may be the
 * frame pointer), gp and t3..t6 come back unchanged from a system call, whether it
 * returns at once (getpid), gives up the CPU (sched_yield), sleeps (nanosleep), is unknown
 * or creates a process, in which case the child must see the same values as the parent
 * (clone). The kernel's system-call path relies on its C code to leave them alone
 * (callee-saved; gp and t3..t6 never used, -ffixed-t3..t6) and on the context switch to
 * keep them, so this pins that down, also against another process that runs between
 * with values of its own in them. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

/* Loads base + 1.. into s1..s11, gp and t3..t6 (gp saved and put back around it), makes
 * system call nr with arguments a0, a1 (and a2..a4 zero), and reports whether any of
 * them changed. *ret receives the call's result. base stays in a5 across the call. */
static long regs_changed(long nr, long arg0, long arg1, long base, long *ret)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a5 __asm__("a5") = base;
    register long a7 __asm__("a7") = nr;
    long changed, saved_gp;

    __asm__ volatile(
        "sd gp, 0(%[gp_slot])\n"
        "addi s1, a5, 1\n addi s2, a5, 2\n addi s3, a5, 3\n addi s4, a5, 4\n"
        "addi s5, a5, 5\n addi s6, a5, 6\n addi s7, a5, 7\n addi s8, a5, 8\n"
        "addi s9, a5, 9\n addi s10, a5, 10\n addi s11, a5, 11\n addi gp, a5, 12\n"
        "addi t3, a5, 13\n addi t4, a5, 14\n addi t5, a5, 15\n addi t6, a5, 16\n"
        "li a2, 0\n li a3, 0\n li a4, 0\n"
        "ecall\n"
        "li %[changed], 1\n"
        "addi t1, a5, 1\n bne s1, t1, 1f\n addi t1, a5, 2\n bne s2, t1, 1f\n"
        "addi t1, a5, 3\n bne s3, t1, 1f\n addi t1, a5, 4\n bne s4, t1, 1f\n"
        "addi t1, a5, 5\n bne s5, t1, 1f\n addi t1, a5, 6\n bne s6, t1, 1f\n"
        "addi t1, a5, 7\n bne s7, t1, 1f\n addi t1, a5, 8\n bne s8, t1, 1f\n"
        "addi t1, a5, 9\n bne s9, t1, 1f\n addi t1, a5, 10\n bne s10, t1, 1f\n"
        "addi t1, a5, 11\n bne s11, t1, 1f\n addi t1, a5, 12\n bne gp, t1, 1f\n"
        "addi t1, a5, 13\n bne t3, t1, 1f\n addi t1, a5, 14\n bne t4, t1, 1f\n"
        "addi t1, a5, 15\n bne t5, t1, 1f\n addi t1, a5, 16\n bne t6, t1, 1f\n"
        "li %[changed], 0\n"
        "1:\n"
        "ld gp, 0(%[gp_slot])\n"
        : [changed] "=&r"(changed), "+r"(a0), "+r"(a1), "+r"(a5)
        : "r"(a7), [gp_slot] "r"(&saved_gp)
        : "t1", "t3", "t4", "t5", "t6", "a2", "a3", "a4", "a6", "s1", "s2", "s3", "s4",
          "s5", "s6", "s7", "s8", "s9", "s10", "s11", "memory");
    *ret = a0;
    return changed;
}

#define BASE 0x10000
#define OTHER_BASE 0x70000
#define YIELDS 50

/* The other process: sched_yield with its own values in the registers, YIELDS times;
 * exits with the number of calls after which they had changed. */
static void yield_with_other_values(void)
{
    long ret, changed = 0;

    for (int i = 0; i < YIELDS; i++)
        changed += regs_changed(SYS_sched_yield, 0, 0, OTHER_BASE, &ret);
    sys_exit((int)changed);
}

int main(void)
{
    long ret;
    struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

    check_eq("registers across getpid", regs_changed(SYS_getpid, 0, 0, BASE, &ret), 0);
    check_true("getpid result", ret > 0, ret);
    check_eq("registers across sched_yield", regs_changed(SYS_sched_yield, 0, 0, BASE, &ret), 0);
    check_eq("registers across nanosleep",
             regs_changed(SYS_nanosleep, (long)&ten_ms, 0, BASE, &ret), 0);
    check_eq("nanosleep result", ret, 0);
    check_eq("registers across an unknown syscall", regs_changed(4000, 0, 0, BASE, &ret), 0);
    check_eq("unknown syscall result", ret, -ENOSYS);

    long changed = regs_changed(SYS_clone, SIGCHLD, 0, BASE, &ret);
    if (ret == 0)
        sys_exit(changed ? 1 : 0);   /* the child: its registers must be the parent's */
    check_eq("registers in the parent across clone", changed, 0);
    check_true("clone", ret > 0, ret);
    int status = 0;
    check_eq("wait4", sys_wait4((int)ret, &status, 0, NULL), ret);
    check_exited_with("child's registers after clone (exit 1 = changed)", status, 0);

    /* Both processes yield in turn (on one hart each runs while the other is switched
     * out in its system call), each with its own values. */
    long other = fork();
    if (other == 0)
        yield_with_other_values();
    check_true("fork", other > 0, other);
    long mixed = 0;
    for (int i = 0; i < YIELDS; i++)
        mixed += regs_changed(SYS_sched_yield, 0, 0, BASE, &ret);
    check_eq("registers across sched_yield to another process", mixed, 0);
    check_eq("sleeping while the other process runs",
             regs_changed(SYS_nanosleep, (long)&ten_ms, 0, BASE, &ret), 0);
    check_exited_with("the other process's registers (exit = calls that changed them)",
                      wait_status("wait4 other", other, 0), 0);
    return 0;
}
