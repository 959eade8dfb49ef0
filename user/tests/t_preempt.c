/* Preemption: a child spins forever without a system call. The parent only gets the CPU back
 * (on a single hart) if the kernel preempts the child on a timer interrupt; it then kills the
 * child and sees it die by SIGKILL. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

int main(void)
{
    long pid = fork();
    if (pid == 0) {
        for (;;)
            __asm__ volatile("");
    }
    check_true("fork", pid > 0, pid);

    sleep_ms(50);
    check_eq("kill(child, SIGKILL)", sys_kill((int)pid, SIGKILL), 0);

    int status = 0;
    check_eq("wait4 on the killed child", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_killed_by("spinning child", status, SIGKILL);
    return 0;
}
