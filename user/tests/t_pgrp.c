/* Process groups: setpgid, getpgid and getpgrp (getpgid(0)) as Linux has them. Init's
 * group is 1 and children start in their parent's group; a process may move itself or a
 * child of its own, into a new group named by its own pid or into an existing group.
 * Errors: EINVAL for a negative group, ESRCH for a process that does not exist or is
 * neither the caller nor its child, EPERM for a group that does not exist. */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define NO_SUCH_PID 999999

struct shared {
    volatile int step;
    volatile long grandchild;
};

static struct shared *shared;

static void wait_step(int step)
{
    while (shared->step < step)
        sleep_ms(1);
}

static void wait_exited_zero(const char *what, long pid)
{
    int status = 0;
    check_eq(what, sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with(what, status, 0);
}

static void inherited_groups(void)
{
    long pgrp = sys_getpgrp();

    check_eq("init's group", sys_getpgid(1), 1);
    check_eq("the test inherited init's group", pgrp, 1);
    check_eq("getpgid(0) is getpgrp()", sys_getpgid(0), pgrp);
    check_eq("getpgid(own pid)", sys_getpgid((int)sys_getpid()), pgrp);
    long pid = fork();
    if (pid == 0) {
        check_eq("a child starts in its parent's group", sys_getpgrp(), pgrp);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    wait_exited_zero("child in its parent's group", pid);
}

/* The child makes its own group; its child (forked after) starts in it. */
static void own_group(void)
{
    shared->step = 0;
    long pid = fork();
    if (pid == 0) {
        long self = sys_getpid();
        check_eq("setpgid(0, 0)", sys_setpgid(0, 0), 0);
        check_eq("new group named by the pid", sys_getpgrp(), self);
        long grandchild = fork();
        if (grandchild == 0) {
            wait_step(2);
            exit(sys_getpgrp() == self ? 0 : 1);
        }
        shared->grandchild = grandchild;
        shared->step = 1;
        wait_exited_zero("grandchild in its parent's new group", grandchild);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    wait_step(1);
    check_eq("the parent sees the child's new group", sys_getpgid((int)pid), pid);
    check_eq("getpgid of a grandchild", sys_getpgid((int)shared->grandchild), pid);
    check_eq("setpgid of a grandchild (not a child)",
             sys_setpgid((int)shared->grandchild, 0), -ESRCH);
    shared->step = 2;
    wait_exited_zero("child that made its own group", pid);
}

/* The parent moves a child: into a group of the child's own, then back into its own. */
static void parent_moves_child(void)
{
    long pgrp = sys_getpgrp();

    shared->step = 0;
    long pid = fork();
    if (pid == 0) {
        wait_step(1);
        check_eq("moved by the parent into a group of its own", sys_getpgrp(), sys_getpid());
        shared->step = 2;
        wait_step(3);
        check_eq("moved back by the parent", sys_getpgrp(), pgrp);
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_eq("setpgid(child, child)", sys_setpgid((int)pid, (int)pid), 0);
    shared->step = 1;
    wait_step(2);
    check_eq("setpgid(child, a group that does not exist)", sys_setpgid((int)pid, NO_SUCH_PID),
             -EPERM);
    check_eq("setpgid(child, own group)", sys_setpgid((int)pid, (int)pgrp), 0);
    shared->step = 3;
    wait_exited_zero("child moved by its parent", pid);
}

static void errors(void)
{
    check_eq("setpgid with a negative group", sys_setpgid(0, -1), -EINVAL);
    check_eq("setpgid of a process that does not exist", sys_setpgid(NO_SUCH_PID, 0), -ESRCH);
    check_eq("setpgid of init (not a child)", sys_setpgid(1, 1), -ESRCH);
    check_eq("setpgid with a negative pid", sys_setpgid(-5, 1), -ESRCH);
    /* The group defaults to the pid, which is negative here. */
    check_eq("setpgid(negative pid, 0)", sys_setpgid(-5, 0), -EINVAL);
    check_eq("getpgid of a process that does not exist", sys_getpgid(NO_SUCH_PID), -ESRCH);
    check_eq("getpgid with a negative pid", sys_getpgid(-1), -ESRCH);
    check_eq("setpgid(0, own group) changes nothing", sys_setpgid(0, (int)sys_getpgrp()), 0);
    check_eq("still in init's group", sys_getpgrp(), 1);
}

int main(void)
{
    shared = map_shared(sizeof(*shared));
    inherited_groups();
    own_group();
    parent_moves_child();
    errors();
    return 0;
}
