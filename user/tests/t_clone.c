/* clone's thread-id flags with their Linux meaning, as glibc's fork uses them:
 * CLONE_CHILD_SETTID stores the child's tid in the child's memory, CLONE_PARENT_SETTID
 * in the parent's, CLONE_CHILD_CLEARTID (and set_tid_address) has it cleared when the
 * child leaves an address space that others still share (a vfork child's exit or exec).
 * The flag combinations Linux refuses are refused with EINVAL (clone(2) ERRORS), and so
 * are namespaces and pidfds, which are not implemented. Threads: t_threads.
 * riscv64's clone takes (flags, newsp, parent_tid, tls, child_tid). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define CHILD_FLAG "--exit-zero"
#define UNSET (-12345)

/* Where clone stores tids; vfork children write here in the parent's memory. */
static volatile int child_tid = UNSET;
static volatile int parent_tid = UNSET;

static void reset_tids(void)
{
    child_tid = UNSET;
    parent_tid = UNSET;
}

/* Waits for pid and fails unless it exited with code. */
static void reap(const char *what, long pid, int code)
{
    int status = 0;
    check_eq("wait4 returns the child", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with(what, status, code);
}

/* A vfork-style clone (flags must include CLONE_VM | CLONE_VFORK) whose child runs only
 * the system calls in this one asm block, since it borrows the parent's stack: execve of
 * argv[0] when argv is given, then exit(7). Returns clone's result to the parent. */
static long vfork_child(unsigned long flags, char *const argv[])
{
    register long a0 __asm__("a0") = (long)flags;
    register long a1 __asm__("a1") = 0;
    register long a2 __asm__("a2") = (long)&parent_tid;
    register long a3 __asm__("a3") = 0;
    register long a4 __asm__("a4") = (long)&child_tid;
    register long a7 __asm__("a7") = SYS_clone;

    __asm__ volatile("ecall\n"
                     "bnez a0, 2f\n"
                     "beqz %[argv], 1f\n"
                     "ld a0, 0(%[argv])\n"
                     "mv a1, %[argv]\n"
                     "li a2, 0\n"
                     "li a7, %[execve]\n"
                     "ecall\n"
                     "1: li a0, 7\n"
                     "li a7, %[exit]\n"
                     "ecall\n"
                     "2:\n"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a7)
                     : [argv] "r"(argv), [execve] "i"(SYS_execve), [exit] "i"(SYS_exit)
                     : "memory");
    return a0;
}

/* glibc's fork: clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, NULL, 0,
 * &tid). The tid lands in the child's copy only; the parent's stays as it was. */
static void fork_like_glibc(void)
{
    reset_tids();
    long pid = sys_clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, NULL,
                         (int *)&parent_tid, 0, (int *)&child_tid);
    if (pid == 0)
        sys_exit(child_tid == sys_getpid() && parent_tid == UNSET ? 0 : 1);
    check_true("clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD)", pid > 0, pid);
    reap("child saw its tid at child_tid", pid, 0);
    check_eq("parent's child_tid untouched by a fork child", child_tid, UNSET);
}

/* CLONE_PARENT_SETTID: stored in the parent after the copy, so not in the child's. */
static void parent_settid(void)
{
    reset_tids();
    long pid = sys_clone(CLONE_PARENT_SETTID | SIGCHLD, NULL, (int *)&parent_tid, 0,
                         (int *)&child_tid);
    if (pid == 0)
        sys_exit(parent_tid == UNSET && child_tid == UNSET ? 0 : 1);
    check_true("clone(CLONE_PARENT_SETTID | SIGCHLD)", pid > 0, pid);
    check_eq("parent_tid holds the child's pid", parent_tid, pid);
    reap("child's parent_tid untouched", pid, 0);
}

/* With shared memory the parent sees what the child's stores leave behind. */
static void vfork_tids(void)
{
    unsigned long vfork = CLONE_VM | CLONE_VFORK | SIGCHLD;

    reset_tids();
    long pid = vfork_child(vfork | CLONE_CHILD_SETTID | CLONE_PARENT_SETTID, NULL);
    check_true("vfork with CLONE_CHILD_SETTID | CLONE_PARENT_SETTID", pid > 0, pid);
    check_eq("child_tid holds the child's pid", child_tid, pid);
    check_eq("parent_tid holds the child's pid", parent_tid, pid);
    reap("vfork child", pid, 7);

    reset_tids();
    pid = vfork_child(vfork | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, NULL);
    check_true("vfork with CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID", pid > 0, pid);
    check_eq("child_tid cleared when the child exits", child_tid, 0);
    reap("vfork child", pid, 7);

    char *argv[] = { "/bin/t_clone", CHILD_FLAG, NULL };
    reset_tids();
    pid = vfork_child(vfork | CLONE_CHILD_CLEARTID, argv);
    check_true("vfork with CLONE_CHILD_CLEARTID", pid > 0, pid);
    check_eq("child_tid cleared when the child execs", child_tid, 0);
    reap("vfork child that exec'd", pid, 0);
}

/* set_tid_address returns the tid; a fork child does not inherit the address, and a
 * process alone in its address space leaves it alone at exit (nobody can look). */
static void set_tid_address(void)
{
    check_eq("set_tid_address returns the tid", sys_set_tid_address((int *)&child_tid),
             sys_getpid());
    reset_tids();
    long pid = fork();
    if (pid == 0)
        sys_exit(0);
    check_true("fork after set_tid_address", pid > 0, pid);
    reap("fork child", pid, 0);
    check_eq("tid address untouched by a fork child's exit", child_tid, UNSET);
    check_eq("set_tid_address(NULL)", sys_set_tid_address(NULL), sys_getpid());
}

static void refused_flags(void)
{
    const unsigned long refused[] = {
        CLONE_THREAD | CLONE_VM | SIGCHLD,                    /* without CLONE_SIGHAND */
        CLONE_SIGHAND | SIGCHLD,                              /* without CLONE_VM */
        CLONE_SIGHAND | CLONE_THREAD,                         /* without CLONE_VM */
        CLONE_FS | CLONE_NEWNS | SIGCHLD,                     /* a new namespace, shared fs */
        CLONE_NEWPID | SIGCHLD,                               /* not implemented */
        CLONE_PIDFD | SIGCHLD,
    };
    for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        check_eq("refused clone flags",
                 sys_clone(refused[i], NULL, (int *)&parent_tid, 0, (int *)&child_tid),
                 -EINVAL);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], CHILD_FLAG) == 0)
        return 0;
    fork_like_glibc();
    parent_settid();
    vfork_tids();
    set_tid_address();
    refused_flags();
    return 0;
}
