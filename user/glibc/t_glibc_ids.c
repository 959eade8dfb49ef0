/* Identity and CPU queries through glibc, as BusyBox's id and nproc make them:
 * getgroups (root with no supplementary groups) and sched_getaffinity (every CPU
 * /proc/cpuinfo lists, as many as sysconf counts), with Linux's errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

/* The "processor" paragraphs of /proc/cpuinfo. */
static int cpuinfo_count(void)
{
    char line[256];
    int n = 0;
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        n += strncmp(line, "processor", 9) == 0;
    fclose(f);
    return n;
}

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
    int ncpus = cpuinfo_count();
    check("/proc/cpuinfo lists CPUs", ncpus >= 1 && ncpus <= 64);
    check("every CPU, CPU 0 first", CPU_COUNT(&set) == ncpus && CPU_ISSET(0, &set));
    check("sched_getaffinity(getpid())", sched_getaffinity(getpid(), sizeof(set), &set) == 0);
    unsigned long mask[2] = { ~0UL, ~0UL };
    check("the raw call returns 8 bytes",
          syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask) == 8 &&
          mask[0] == (ncpus == 64 ? ~0UL : (1UL << ncpus) - 1) &&
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
    check("sysconf(_SC_NPROCESSORS_ONLN) counts them", sysconf(_SC_NPROCESSORS_ONLN) == ncpus);
    printf("t_glibc_ids: %s\n", failures ? "failed" : "ok");
    return failures ? 1 : 0;
}
