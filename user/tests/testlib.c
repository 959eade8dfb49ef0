#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

_Noreturn void fail(const char *what)
{
    printf("FAIL: %s\n", what);
    exit(1);
}

void check_eq(const char *what, long got, long expected)
{
    if (got != expected) {
        printf("FAIL: %s (%ld != %ld)\n", what, got, expected);
        exit(1);
    }
}

void check_true(const char *what, int cond, long got)
{
    if (!cond) {
        printf("FAIL: %s (got %ld)\n", what, got);
        exit(1);
    }
}

int run_in_child(void (*fn)(void))
{
    long pid = fork();

    if (pid == 0) {
        fn();
        exit(0);
    }
    check_true("fork", pid > 0, pid);

    int status = 0;
    check_eq("wait4 returns the child", sys_wait4((int)pid, &status, 0, NULL), pid);
    return status;
}

/* Prints a wait status the way the checks compare it: "exit N" or "signal N". */
static void describe(char *buf, unsigned long size, int status)
{
    if (WIFEXITED(status))
        snprintf(buf, size, "exit %d", WEXITSTATUS(status));
    else
        snprintf(buf, size, "signal %d", WTERMSIG(status));
}

void check_killed_by(const char *what, int status, int sig)
{
    if (!WIFSIGNALED(status) || WTERMSIG(status) != sig) {
        char got[32];
        describe(got, sizeof(got), status);
        printf("FAIL: %s (%s != signal %d)\n", what, got, sig);
        exit(1);
    }
}

void check_exited_with(const char *what, int status, int code)
{
    if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
        char got[32];
        describe(got, sizeof(got), status);
        printf("FAIL: %s (%s != exit %d)\n", what, got, code);
        exit(1);
    }
}

void expect_killed_by(const char *what, void (*fn)(void), int sig)
{
    check_killed_by(what, run_in_child(fn), sig);
}

void *map_anon(unsigned long length)
{
    long addr = sys_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);
    check_true("mmap of fresh anonymous memory", addr > 0, addr);
    return (void *)addr;
}

void sleep_ms(long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

    check_eq("nanosleep", sys_nanosleep(&ts, NULL), 0);
}

void *map_shared(unsigned long length)
{
    long addr = sys_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                         -1, 0);
    check_true("mmap of shared anonymous memory", addr > 0, addr);
    memset((void *)addr, 0, length);
    return (void *)addr;
}

void wait_gone(const char *what, long pid)
{
    for (int i = 0; i < 2000 && sys_kill((int)pid, 0) == 0; i++)
        sleep_ms(1);
    check_eq(what, sys_kill((int)pid, 0), -ESRCH);
}

char stat_state(const char *path)
{
    char buf[128];
    int fd = (int)sys_openat(AT_FDCWD, path, O_RDONLY, 0);
    if (fd < 0)
        return 0;
    long n = sys_read(fd, buf, sizeof(buf) - 1);
    sys_close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    long paren = n - 1;
    while (paren >= 0 && buf[paren] != ')')
        paren--;
    return paren >= 0 && paren + 2 < n && buf[paren + 1] == ' ' ? buf[paren + 2] : 0;
}

static char proc_state(long pid)
{
    char path[32];
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    return stat_state(path);
}

void wait_zombie(const char *what, long pid)
{
    /* With several harts the child runs on another one: how soon it gets there is up
     * to the host, so the bound is generous. */
    for (int i = 0; i < 20000 && proc_state(pid) != 'Z'; i++)
        sleep_ms(1);
    check_eq(what, proc_state(pid), 'Z');
}

long start_sleeper(int ms, int code)
{
    long pid = fork();
    if (pid == 0) {
        sleep_ms(ms);
        exit(code);
    }
    check_true("fork", pid > 0, pid);
    return pid;
}

int wait_status(const char *what, long pid, int options)
{
    int status = 0;
    check_eq(what, sys_wait4((int)pid, &status, options, NULL), pid);
    return status;
}

void set_handler(int sig, sig_handler fn, unsigned long flags, unsigned long mask)
{
    struct k_sigaction act = { (uint64_t)(uintptr_t)fn, flags | SA_SIGINFO, mask };
    check_eq("rt_sigaction", sys_rt_sigaction(sig, &act, NULL), 0);
}
