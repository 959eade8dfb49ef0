/* Registers across system calls: every callee-saved register (s1..s11 here; s0 may be
 * the frame pointer) comes back unchanged from a system call, whether it returns at once
 * (getpid), gives up the CPU (sched_yield), sleeps (nanosleep) or creates a process, in
 * which case the child must see the same values as the parent (clone). The kernel's
 * system-call path relies on the C code to preserve them, so this pins that down. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

/* Loads known values into s1..s11, makes system call nr with arguments a0, a1 (and a2..a4
 * zero), and reports whether any of s1..s11 changed. *ret receives the call's result. */
static long sregs_changed(long nr, long arg0, long arg1, long *ret)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a7 __asm__("a7") = nr;
    long changed;

    __asm__ volatile(
        "li s1, 0x1111\n li s2, 0x2222\n li s3, 0x3333\n li s4, 0x4444\n"
        "li s5, 0x5555\n li s6, 0x6666\n li s7, 0x7777\n li s8, 0x8888\n"
        "li s9, 0x9999\n li s10, 0xaaaa\n li s11, 0xbbbb\n"
        "li a2, 0\n li a3, 0\n li a4, 0\n"
        "ecall\n"
        "li %0, 1\n"
        "li t1, 0x1111\n bne s1, t1, 1f\n li t1, 0x2222\n bne s2, t1, 1f\n"
        "li t1, 0x3333\n bne s3, t1, 1f\n li t1, 0x4444\n bne s4, t1, 1f\n"
        "li t1, 0x5555\n bne s5, t1, 1f\n li t1, 0x6666\n bne s6, t1, 1f\n"
        "li t1, 0x7777\n bne s7, t1, 1f\n li t1, 0x8888\n bne s8, t1, 1f\n"
        "li t1, 0x9999\n bne s9, t1, 1f\n li t1, 0xaaaa\n bne s10, t1, 1f\n"
        "li t1, 0xbbbb\n bne s11, t1, 1f\n"
        "li %0, 0\n"
        "1:\n"
        : "=&r"(changed), "+r"(a0), "+r"(a1)
        : "r"(a7)
        : "t1", "a2", "a3", "a4", "a5", "a6", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
          "s8", "s9", "s10", "s11", "memory");
    *ret = a0;
    return changed;
}

int main(void)
{
    long ret;
    struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

    check_eq("s1..s11 across getpid", sregs_changed(SYS_getpid, 0, 0, &ret), 0);
    check_true("getpid result", ret > 0, ret);
    check_eq("s1..s11 across sched_yield", sregs_changed(SYS_sched_yield, 0, 0, &ret), 0);
    check_eq("s1..s11 across nanosleep", sregs_changed(SYS_nanosleep, (long)&ten_ms, 0, &ret), 0);
    check_eq("nanosleep result", ret, 0);
    check_eq("s1..s11 across an unknown syscall", sregs_changed(4000, 0, 0, &ret), 0);
    check_eq("unknown syscall result", ret, -ENOSYS);

    long changed = sregs_changed(SYS_clone, SIGCHLD, 0, &ret);
    if (ret == 0)
        sys_exit(changed ? 1 : 0);   /* the child: its s1..s11 must be the parent's */
    check_eq("s1..s11 in the parent across clone", changed, 0);
    check_true("clone", ret > 0, ret);
    int status = 0;
    check_eq("wait4", sys_wait4((int)ret, &status, 0, NULL), ret);
    check_exited_with("child's s1..s11 after clone (exit 1 = changed)", status, 0);
    return 0;
}
