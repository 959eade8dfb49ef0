/* Process creation on top of clone. */
#include <signal.h>
#include <unistd.h>

long fork(void)
{
    /* Linux fork() is clone with only the exit signal: a copy of the whole address space. */
    return sys_clone(SIGCHLD, NULL, NULL, 0, NULL);
}

long spawn(const char *path, char *const argv[], char *const envp[])
{
    /* Shared with the vfork child, which stores execve's error here before it exits. */
    volatile long exec_error = 0;
    long pid = vfork();

    if (pid == 0) {
        exec_error = sys_execve(path, argv, envp);
        sys_exit(127);
    }
    if (pid < 0)
        return pid;
    if (exec_error < 0) {
        sys_wait4((int)pid, NULL, 0, NULL);
        return exec_error;
    }
    return pid;
}
