/* Whole programs, total guest instructions from fork to the parent's wait4 (exec, the
 * program's run and its exit included), booted with the real initrd (user/real.mk), which
 * has BusyBox, Lua and the scripts of user/bench/workloads in /bench:
 *   workload/busybox_pipes  BusyBox ash running /bench/pipes.sh: 100 pipelines of two
 *                           applets each (200 short commands, each a fork + exec)
 *   workload/lua            Lua 5.4 running /bench/tables.lua: table and string work
 *   workload/glibc_malloc   /bin/bench_malloc (user/bench/glibc): glibc's malloc and free */
#include <sys/wait.h>

#include "bench.h"

struct workload {
    const char *name;
    const char *path;
    char *const argv[3];
};

static const struct workload workloads[] = {
    { "workload/busybox_pipes", "/bin/ash", { "ash", "/bench/pipes.sh", NULL } },
    { "workload/lua", "/bin/lua", { "lua", "/bench/tables.lua", NULL } },
    { "workload/glibc_malloc", "/bin/bench_malloc", { "bench_malloc", NULL } },
};

static void run(const struct workload *w)
{
    static char *const envp[] = { "PATH=/bin:/usr/bin", "HOME=/", NULL };

    unsigned long start = instret();
    long pid = fork();
    if (pid == 0) {
        sys_execve(w->path, w->argv, envp);
        sys_exit(127);
    }
    if (pid < 0)
        bench_fail("fork", pid);
    int status = 0;
    long got = sys_wait4((int)pid, &status, 0, NULL);
    unsigned long end = instret();
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        bench_fail(w->name, got < 0 ? got : status);
    bench_report(w->name, end - start, 1);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
        run(&workloads[i]);
    return bench_finish();
}
