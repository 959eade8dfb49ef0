/* Process lifecycle: a parent may exit while its children are zombies (exited, not waited
 * for), while they are still running, or while they have children of their own; whatever
 * the order, the system goes on and every process is freed. Children of an exiting
 * process are adopted by init (getppid() == 1), as on Linux. */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define CHAIN 50

/* Written by descendants, read by the test: pids and "about to exit" flags. */
struct shared {
    long pid[CHAIN + 2];
    volatile int exiting[CHAIN + 2];
};

static struct shared *shared;

static void wait_child_exited_with(const char *what, long pid, int code)
{
    int status = 0;
    check_eq(what, sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with(what, status, code);
}

/* A child exits while its three children are zombies nobody waited for. */
static void exit_with_zombie_children(void)
{
    long pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 3; i++) {
            long child = fork();
            if (child == 0)
                exit(0);
            shared->pid[i] = child;
        }
        sleep_ms(20);   /* long enough for all three to exit */
        exit(3);
    }
    check_true("fork", pid > 0, pid);
    wait_child_exited_with("parent of three zombies", pid, 3);
    for (int i = 0; i < 3; i++)
        wait_gone("zombie whose parent exited is freed", shared->pid[i]);
}

/* A child forks a grandchild that exits at once and one that is still running, exits
 * itself; then its parent exits while it is a zombie. */
static void exit_with_grandchildren(void)
{
    long pid = fork();
    if (pid == 0) {
        long middle = fork();
        if (middle == 0) {
            long quick = fork();
            if (quick == 0)
                exit(0);
            long slow = fork();
            if (slow == 0) {
                while (sys_getppid() != 1)
                    sleep_ms(1);
                exit(0);
            }
            shared->pid[1] = quick;
            shared->pid[2] = slow;
            sleep_ms(5);
            exit(0);
        }
        shared->pid[0] = middle;
        sleep_ms(20);
        exit(4);
    }
    check_true("fork", pid > 0, pid);
    wait_child_exited_with("grandparent", pid, 4);
    for (int i = 0; i < 3; i++)
        wait_gone("descendant of an exited process is freed", shared->pid[i]);
}

/* The chain from level `level` down: each level forks the next (the child goes on as the
 * next level), waits until that one is about to exit (so that it is usually a zombie when
 * this one exits), then exits with its level. */
static _Noreturn void chain_from(int level)
{
    for (;;) {
        shared->pid[level] = sys_getpid();
        if (level == CHAIN)
            break;
        long pid = fork();
        if (pid == 0) {
            level++;
            continue;
        }
        if (pid < 0) {
            shared->exiting[level] = 1;
            exit(100);
        }
        while (!shared->exiting[level + 1])
            sleep_ms(1);
        sleep_ms(1);
        break;
    }
    shared->exiting[level] = 1;
    exit(level);
}

static void chain_of_fifty(void)
{
    for (int i = 0; i < CHAIN + 2; i++) {
        shared->pid[i] = 0;
        shared->exiting[i] = 0;
    }
    long pid = fork();
    if (pid == 0)
        chain_from(1);
    check_true("fork", pid > 0, pid);
    wait_child_exited_with("first of a chain of 50", pid, 1);
    for (int level = 1; level <= CHAIN; level++) {
        check_true("every level of the chain ran", shared->pid[level] > 0, level);
        wait_gone("level of the chain freed", shared->pid[level]);
    }
}

/* An orphan still running sees init as its parent (it reports getppid() through the
 * shared page: its exit status goes to init, not to the test). It asks only once the test
 * has reaped its parent, so the parent's exit, which hands it to init, is complete. */
static void orphan_sees_init(void)
{
    shared->exiting[0] = 0;
    shared->pid[1] = 0;
    long pid = fork();
    if (pid == 0) {
        long child = fork();
        if (child == 0) {
            while (!shared->exiting[0])
                sleep_ms(1);
            shared->pid[1] = sys_getppid();
            exit(0);
        }
        shared->pid[0] = child;
        exit(0);
    }
    check_true("fork", pid > 0, pid);
    wait_child_exited_with("parent of an orphan", pid, 0);
    shared->exiting[0] = 1;
    wait_gone("orphan freed after its exit", shared->pid[0]);
    check_eq("getppid() of an orphan", shared->pid[1], 1);
    check_eq("wait4 has nothing more to wait for", sys_wait4(-1, NULL, WNOHANG, NULL), -ECHILD);
}

int main(void)
{
    shared = map_shared(sizeof(*shared));
    exit_with_zombie_children();
    exit_with_grandchildren();
    chain_of_fifty();
    orphan_sees_init();
    return 0;
}
