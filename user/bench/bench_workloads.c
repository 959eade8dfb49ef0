/* Whole programs, total guest instructions from fork to the parent's wait4 (exec, the
 * program's run and its exit included), booted with the real initrd (user/real.mk), which
 * has BusyBox, Lua and the scripts of user/bench/workloads in /bench:
 *   workload/busybox_pipes  BusyBox ash running /bench/pipes.sh: 100 pipelines of two
 *                           applets each (200 short commands, each a fork + exec)
 *   workload/lua            Lua 5.4 running /bench/tables.lua: table and string work
 *   workload/glibc_malloc   /bin/bench_malloc (user/bench/glibc): glibc's malloc and free */
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

    bench_run_program(w->name, w->path, w->argv, envp);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
        run(&workloads[i]);
    return bench_finish();
}
