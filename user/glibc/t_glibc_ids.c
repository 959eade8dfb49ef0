/* Identity and CPU queries through glibc, as BusyBox's id and nproc make them:
 * getgroups (root with no supplementary groups) and sched_getaffinity (one CPU, CPU 0),
 * with Linux's errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    gid_t groups[4] = { 77, 77, 77, 77 };
    check("getgroups(0, NULL) is 0", getgroups(0, NULL) == 0);
    check("getgroups(4, list) is 0", getgroups(4, groups) == 0);
    check("the list is untouched", groups[0] == 77);
    errno = 0;
    check("getgroups(-1) is EINVAL",
          syscall(SYS_getgroups, -1, groups) == -1 && errno == EINVAL);
    check("getuid, getgid are 0", getuid() == 0 && getgid() == 0);

    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(5, &set);
    check("sched_getaffinity(0)", sched_getaffinity(0, sizeof(set), &set) == 0);
    check("one CPU", CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
    check("sched_getaffinity(getpid())", sched_getaffinity(getpid(), sizeof(set), &set) == 0);
    unsigned long mask[2] = { ~0UL, ~0UL };
    check("the raw call returns 8 bytes",
          syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask) == 8 && mask[0] == 1 &&
          mask[1] == ~0UL);
    errno = 0;
    check("a length not a multiple of 8 is EINVAL",
          syscall(SYS_sched_getaffinity, 0, 4, mask) == -1 && errno == EINVAL);
    errno = 0;
    check("a missing pid is ESRCH",
          syscall(SYS_sched_getaffinity, 99999, sizeof(mask), mask) == -1 && errno == ESRCH);
    errno = 0;
    check("a bad pointer is EFAULT",
          syscall(SYS_sched_getaffinity, 0, sizeof(mask), (void *)8) == -1 && errno == EFAULT);
    check("sysconf(_SC_NPROCESSORS_ONLN) >= 1", sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    printf("t_glibc_ids: %s\n", failures ? "failed" : "ok");
    return failures ? 1 : 0;
}
