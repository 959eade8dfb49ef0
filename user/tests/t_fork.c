/* fork gives the child a private copy of memory (globals, heap, stack) in both directions;
 * exit codes come back through wait4; getppid names the parent; vfork shares memory and
 * suspends the parent until the child exits or execs; wait4 without children fails. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define BUFFER_BYTES (1024 * 1024)
#define CHILDREN 20

static int global_value;

static void check_bytes(const char *what, const unsigned char *p, unsigned long n, int value)
{
    for (unsigned long i = 0; i < n; i++)
        check_eq(what, p[i], value);
}

static void private_copies(void)
{
    volatile int stack_value = 10;
    unsigned char *buffer = malloc(BUFFER_BYTES);
    check_true("malloc of the shared-looking buffer", buffer != NULL, 0);
    global_value = 1;
    memset(buffer, 0x11, BUFFER_BYTES);

    long pid = fork();
    if (pid == 0) {
        /* Give the parent time to write its new values first: they must not show here. */
        sleep_ms(20);
        check_eq("child sees the stack as it was at fork", stack_value, 10);
        check_eq("child sees the global as it was at fork", global_value, 1);
        check_bytes("child sees the heap as it was at fork", buffer, BUFFER_BYTES, 0x11);
        stack_value = 20;
        global_value = 2;
        memset(buffer, 0x22, BUFFER_BYTES);
        check_bytes("child sees its own writes", buffer, BUFFER_BYTES, 0x22);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    stack_value = 30;
    global_value = 3;
    memset(buffer, 0x33, BUFFER_BYTES);

    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child checking its private copy", status, 0);
    check_eq("parent's stack untouched by the child", stack_value, 30);
    check_eq("parent's global untouched by the child", global_value, 3);
    check_bytes("parent's heap untouched by the child", buffer, BUFFER_BYTES, 0x33);
    free(buffer);
}

static void many_children(void)
{
    long pids[CHILDREN];

    for (int i = 0; i < CHILDREN; i++) {
        pids[i] = fork();
        if (pids[i] == 0)
            exit(100 + i);
        check_true("fork of one of 20 children", pids[i] > 0, pids[i]);
    }
    for (int i = 0; i < CHILDREN; i++) {
        int status = 0;
        check_eq("wait4 for one of 20 children", sys_wait4((int)pids[i], &status, 0, NULL),
                 pids[i]);
        check_exited_with("exit code of one of 20 children", status, 100 + i);
    }
    check_eq("wait4 after reaping every child", sys_wait4(-1, NULL, 0, NULL), -ECHILD);
}

static void parent_pid(void)
{
    long parent = sys_getpid();
    long pid = fork();

    if (pid == 0) {
        check_eq("getppid in the child", sys_getppid(), parent);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child checking getppid", status, 0);
}

/* Written by vfork children, read by the parent: the memory is the same. */
static volatile int vfork_written;
static volatile long vfork_exec_error;

static void vfork_shares_memory(void)
{
    vfork_written = 0;
    long pid = vfork();
    if (pid == 0) {
        /* If the parent ran on now, it would read 0 before this write. */
        struct timespec delay = { .tv_sec = 0, .tv_nsec = 30 * 1000 * 1000 };
        sys_nanosleep(&delay, NULL);
        vfork_written = 1;
        sys_exit(5);
    }
    check_true("vfork", pid > 0, pid);
    check_eq("parent resumed after the vfork child's exit, seeing its write", vfork_written, 1);
    int status = 0;
    check_eq("wait4 for the vfork child", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("vfork child", status, 5);

    /* A failed execve leaves the vfork child running; the parent still waits for its exit. */
    vfork_exec_error = 0;
    static char *const argv[] = { "no-such-program", NULL };
    pid = vfork();
    if (pid == 0) {
        vfork_exec_error = sys_execve("/bin/no-such-program", argv, environ);
        sys_exit(6);
    }
    check_true("vfork", pid > 0, pid);
    check_eq("vfork child's failed execve seen by the parent", vfork_exec_error, -ENOENT);
    check_eq("wait4 for the vfork child", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("vfork child after a failed execve", status, 6);
}

int main(void)
{
    check_eq("wait4 with no children", sys_wait4(-1, NULL, 0, NULL), -ECHILD);
    private_copies();
    many_children();
    parent_pid();
    vfork_shares_memory();
    return 0;
}
