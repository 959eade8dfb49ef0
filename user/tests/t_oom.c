/* Out of memory: a child reserves twice the RAM (MAP_NORESERVE, so the reservation itself
 * succeeds) and touches every page. The kernel must kill it with SIGKILL, as Linux's OOM
 * killer does, and keep working afterwards. Do not run this on a host (e.g. under
 * qemu-user): it would exhaust the host's memory. */
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

static void exhaust_memory(void)
{
    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);

    unsigned long length = 2 * info.totalram * info.mem_unit;
    long addr = sys_mmap(NULL, length, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    check_true("mmap of twice the RAM", addr > 0, addr);

    volatile unsigned char *p = (volatile unsigned char *)addr;
    for (unsigned long off = 0; off < length; off += PAGE_SIZE)
        p[off] = 1;
}

int main(void)
{
    expect_killed_by("child touching twice the RAM", exhaust_memory, SIGKILL);

    /* The system still works: memory can be allocated and processes created. */
    unsigned long length = 1024 * 1024;
    unsigned char *buf = malloc(length);
    check_true("malloc after the OOM kill", buf != NULL, 0);
    for (unsigned long i = 0; i < length; i += PAGE_SIZE)
        buf[i] = (unsigned char)i;
    free(buf);

    long pid = fork();
    if (pid == 0)
        exit(7);
    check_true("fork after the OOM kill", pid > 0, pid);
    int status = 0;
    check_eq("wait4 after the OOM kill", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child after the OOM kill", status, 7);
    return 0;
}
