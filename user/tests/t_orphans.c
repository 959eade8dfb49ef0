/* Orphans never leak. Init (here the test runner) waits only for the children it forked,
 * so the kernel frees the orphans it adopted: 500 of them, each still running when its
 * parent exits, then 100 that are already zombies when their parent exits. Without that,
 * every orphan kept a process slot and fork failed after about 60. Afterwards every
 * orphan is gone and the process count is what it was (the runner checks the pages). */
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define LIVE_ORPHANS 500
#define ZOMBIE_ORPHANS 100

struct shared {
    long pid[LIVE_ORPHANS];
    volatile int exited;
};

static struct shared *shared;

static long process_count(void)
{
    struct sysinfo info;

    check_eq("sysinfo", sys_sysinfo(&info), 0);
    return info.procs;
}

/* The grandchild outlives its parent: it exits once init has adopted it. */
static _Noreturn void live_orphan(void)
{
    while (sys_getppid() != 1)
        sys_sched_yield();
    exit(0);
}

/* The grandchild exits first; its parent exits while it is a zombie. */
static _Noreturn void zombie_orphan_parent(void)
{
    shared->exited = 0;
    long pid = fork();
    if (pid == 0) {
        shared->exited = 1;
        exit(0);
    }
    if (pid < 0)
        exit(1);
    while (!shared->exited)
        sys_sched_yield();
    sleep_ms(1);
    exit(0);
}

static void make_orphan(int i, int live)
{
    long pid = fork();
    if (pid == 0) {
        if (!live)
            zombie_orphan_parent();
        long orphan = fork();
        if (orphan == 0)
            live_orphan();
        shared->pid[i] = orphan;
        exit(orphan > 0 ? 0 : 1);
    }
    check_true("fork of an orphan's parent", pid > 0, pid);
    int status = 0;
    check_eq("wait4 for an orphan's parent", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("orphan's parent forked it", status, 0);
}

int main(void)
{
    shared = map_shared(sizeof(*shared));
    long before = process_count();

    for (int i = 0; i < LIVE_ORPHANS; i++)
        make_orphan(i, 1);
    for (int i = 0; i < LIVE_ORPHANS; i++)
        wait_gone("orphan freed after its exit", shared->pid[i]);
    for (int i = 0; i < ZOMBIE_ORPHANS; i++)
        make_orphan(i, 0);
    for (int i = 0; i < 2000 && process_count() != before; i++)
        sleep_ms(1);
    check_eq("process count after the orphans", process_count(), before);
    return 0;
}
