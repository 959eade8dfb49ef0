/* Floating-point state belongs to each process: values in FP registers survive other
 * processes running in between (two processes computing with doubles, yielding to each
 * other at every step), fork gives the child the parent's FP registers, and a new program
 * from execve starts with them zero. Built with glibc for rv64gc, as real programs are. */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define STEPS 2000

/* A computation whose every step depends on the last one, kept in FP registers. */
static double work(double x, int yield)
{
    for (int i = 0; i < STEPS; i++) {
        x = x * 1.0000001 + 0.25 / (x + 1.0);
        if (yield)
            sched_yield();
    }
    return x;
}

/* pid is a child (not fork's -1) that waitpid reports as exited with status 0. */
static int exited_zero(pid_t pid)
{
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/* Loads fs0 with bits, forks with a raw clone, and returns fs0 as each side sees it
 * right after; *child receives the clone result. One asm block, so that the compiler
 * cannot use fs0 in between. */
static uint64_t fork_with_fs0(uint64_t bits, long *child)
{
    register long a0 __asm__("a0") = 17;   /* SIGCHLD: plain fork */
    register long a1 __asm__("a1") = 0;
    register long a7 __asm__("a7") = SYS_clone;
    uint64_t seen;

    __asm__ volatile("fmv.d.x fs0, %[bits]\n"
                     "li a2, 0\n li a3, 0\n li a4, 0\n"
                     "ecall\n"
                     "fmv.x.d %[seen], fs0\n"
                     : [seen] "=r"(seen), "+r"(a0), "+r"(a1)
                     : [bits] "r"(bits), "r"(a7)
                     : "fs0", "a2", "a3", "a4", "memory");
    *child = a0;
    return seen;
}

static int fresh_image(void)
{
    uint64_t fs0, fcsr;
    __asm__ volatile("fmv.x.d %0, fs0\n frcsr %1" : "=r"(fs0), "=r"(fcsr));
    return fs0 == 0 && fcsr == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--fresh") == 0)
        return fresh_image();

    double expect_a = work(1.0, 0), expect_b = work(3.0, 0);
    pid_t pid = fork();
    if (pid == 0)
        _exit(work(3.0, 1) == expect_b ? 0 : 1);
    check("fork", pid > 0);
    check("parent's result with a child computing in between", work(1.0, 1) == expect_a);
    check("child's result with the parent computing in between", exited_zero(pid));

    long child;
    uint64_t bits = 0x400921fb54442d18;   /* pi */
    uint64_t seen = fork_with_fs0(bits, &child);
    if (child == 0)
        _exit(seen == bits ? 0 : 1);
    check("clone", child > 0);
    check("parent's fs0 across fork", seen == bits);
    check("child's fs0 after fork", exited_zero((pid_t)child));

    pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "--fresh", NULL };
        __asm__ volatile("fmv.d.x fs0, %0" ::"r"(bits) : "fs0");
        execv("/bin/t_glibc_fp", args);
        _exit(2);
    }
    check("fork", pid > 0);
    check("FP registers zero in a new image", exited_zero(pid));
    return failures ? 1 : 0;
}
