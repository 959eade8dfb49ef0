/* glibc's process calls, unchanged: fork (a clone with CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID and the address of the thread's tid), execv of another program and
 * of this one, waitpid with the child's exit status, vfork, and posix_spawn (a clone with
 * CLONE_VM | CLONE_VFORK on a stack of its own, after clone3 says ENOSYS). Every return
 * value is checked. Built with glibc for rv64gc, as real programs are. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define SELF "/bin/t_glibc_fork"
#define EXIT_FLAG "--exit"   /* t_glibc_fork --exit N: exits with N at once */

extern char **environ;

/* Reaps pid and returns its exit code; -1 (a failure) when fork had failed, waitpid
 * fails or the child did not exit normally. */
static int exit_code(const char *what, pid_t pid)
{
    int status = 0;

    if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        printf("FAIL: %s: pid %d, errno %d, status %#x\n", what, (int)pid, errno,
               (unsigned)status);
        failures++;
        return -1;
    }
    return WEXITSTATUS(status);
}

/* fork, then execv of path with one argument in the child; the child's exit code. */
static int fork_exec(const char *what, const char *path, const char *arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { (char *)path, (char *)arg, NULL };
        execv(path, args);
        _exit(errno == ENOENT ? 126 : 127);
    }
    return exit_code(what, pid);
}

static void fork_and_wait(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        _exit(getppid() == parent && getpid() != parent ? 3 : 4);
    check("fork returns the child's pid", pid > 0 && pid != parent);
    check("fork child's exit status", exit_code("fork child", pid) == 3);
}

static void fork_and_exec(void)
{
    check("execv of this program with --exit 42",
          fork_exec("exec of " SELF, SELF, EXIT_FLAG " 42") == 42);
    check("execv of /bin/t_glibc_hello", fork_exec("exec of t_glibc_hello",
          "/bin/t_glibc_hello", NULL) == 0);
    check("execv of a missing program fails with ENOENT",
          fork_exec("exec of a missing program", "/bin/no-such-program", NULL) == 126);
}

static void vfork_and_exec(void)
{
    char *args[] = { SELF, EXIT_FLAG " 9", NULL };
    pid_t pid = vfork();
    if (pid == 0) {
        execv(SELF, args);
        _exit(127);
    }
    check("vfork", pid > 0);
    check("vfork and execv: exit status", exit_code("vfork child", pid) == 9);
}

static void spawn_and_wait(void)
{
    char *args[] = { SELF, EXIT_FLAG " 11", NULL };
    pid_t pid = -1;
    int err = posix_spawn(&pid, SELF, NULL, NULL, args, environ);
    check("posix_spawn", err == 0 && pid > 0);
    check("posix_spawn: exit status", exit_code("spawned child", pid) == 11);

    char *missing[] = { "/bin/no-such-program", NULL };
    err = posix_spawn(&pid, missing[0], NULL, NULL, missing, environ);
    check("posix_spawn of a missing program fails with ENOENT", err == ENOENT);
}

static void no_children_left(void)
{
    errno = 0;
    check("waitpid without children fails with ECHILD",
          waitpid(-1, NULL, 0) == -1 && errno == ECHILD);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strncmp(argv[1], EXIT_FLAG " ", strlen(EXIT_FLAG) + 1) == 0)
        return atoi(argv[1] + strlen(EXIT_FLAG) + 1);
    fork_and_wait();
    fork_and_exec();
    vfork_and_exec();
    spawn_and_wait();
    no_children_left();
    return failures ? 1 : 0;
}
