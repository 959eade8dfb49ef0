/* memfd_create(2) through glibc's wrapper: a file with no name anywhere (fstat: regular,
 * mode 0777, no links), read and written and mapped MAP_SHARED like any file, shown in
 * /proc/self/fd and /proc/self/maps as "/memfd:NAME (deleted)", MFD_CLOEXEC; file seals (fcntl(2)):
 * F_SEAL_SEAL from the start without MFD_ALLOW_SEALING, then F_SEAL_SHRINK,
 * F_SEAL_GROW, F_SEAL_WRITE (EBUSY while mapped; then writes and writable shared
 * mappings EPERM) and F_SEAL_SEAL; F_GET_SEALS on other files EINVAL; the errors of
 * memfd_create (unknown flags, MFD_HUGETLB, a 250-byte name, a bad pointer). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

/* 1 if the line of /proc/self/maps for the range at p ends with name. */
static int maps_name(void *p, const char *name)
{
    char line[256], head[32];
    int found = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return 0;
    snprintf(head, sizeof(head), "%08lx-", (unsigned long)p);
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, head, strlen(head))) {
            size_t n = strlen(line), k = strlen(name);
            found = n > k && !strncmp(line + n - k - 1, name, k) && line[n - 1] == '\n';
        }
    fclose(f);
    return found;
}

static void plain(void)
{
    char buf[64], link[64];
    int fd = memfd_create("plain", MFD_CLOEXEC);
    check("memfd_create", fd >= 0);
    check("FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    struct stat st;
    check("fstat", fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
          (st.st_mode & 07777) == 0777 && st.st_nlink == 0 && st.st_size == 0);
    check("write", write(fd, "hello", 5) == 5);
    check("pread", pread(fd, buf, sizeof(buf), 0) == 5 && !memcmp(buf, "hello", 5));
    check("ftruncate", ftruncate(fd, 8192) == 0);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check("mmap shared", p != MAP_FAILED);
    if (p != MAP_FAILED) {
        check("the mapping sees the file", !memcmp(p, "hello", 5));
        p[4096] = 'x';
        check("the file sees the mapping", pread(fd, buf, 1, 4096) == 1 && buf[0] == 'x');
        check("/proc/self/maps names it", maps_name(p, "/memfd:plain (deleted)"));
        check("munmap", munmap(p, 8192) == 0);
    }
    snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(buf, link, sizeof(link) - 1);
    check("readlink /proc/self/fd", n > 0);
    link[n > 0 ? n : 0] = '\0';
    check("named /memfd:plain (deleted)", !strcmp(link, "/memfd:plain (deleted)"));
    check("sealing not allowed: F_SEAL_SEAL", fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL);
    errno = 0;
    check("F_ADD_SEALS: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EPERM);
    check("close", close(fd) == 0);
}

static void seals(void)
{
    char buf[8];
    int fd = memfd_create("sealed", MFD_ALLOW_SEALING);
    check("memfd_create MFD_ALLOW_SEALING", fd >= 0);
    check("no FD_CLOEXEC", fcntl(fd, F_GETFD) == 0);
    check("no seals", fcntl(fd, F_GET_SEALS) == 0);
    check("ftruncate", ftruncate(fd, 4096) == 0);
    errno = 0;
    check("an unknown seal: EINVAL", fcntl(fd, F_ADD_SEALS, 0x100) == -1 && errno == EINVAL);
    check("F_SEAL_SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0);
    errno = 0;
    check("shrink: EPERM", ftruncate(fd, 100) == -1 && errno == EPERM);
    check("grow", ftruncate(fd, 8192) == 0);
    check("F_SEAL_GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0);
    errno = 0;
    check("grow: EPERM", ftruncate(fd, 16384) == -1 && errno == EPERM);
    errno = 0;
    check("a write past the end: EPERM", pwrite(fd, "x", 1, 8192) == -1 && errno == EPERM);
    check("a write inside", pwrite(fd, "in", 2, 0) == 2);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check("mmap shared", p != MAP_FAILED);
    errno = 0;
    check("F_SEAL_WRITE while mapped: EBUSY",
          fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EBUSY);
    check("munmap", munmap(p, 8192) == 0);
    check("F_SEAL_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0);
    errno = 0;
    check("write: EPERM", pwrite(fd, "x", 1, 0) == -1 && errno == EPERM);
    errno = 0;
    check("writable shared mapping: EPERM",
          mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
          errno == EPERM);
    p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    check("read-only shared mapping", p != MAP_FAILED && !memcmp(p, "in", 2));
    if (p != MAP_FAILED)
        munmap(p, 4096);
    check("read", pread(fd, buf, 2, 0) == 2 && !memcmp(buf, "in", 2));
    check("F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0);
    check("all five", fcntl(fd, F_GET_SEALS) ==
          (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE));
    errno = 0;
    check("sealed: EPERM", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1 && errno == EPERM);
    check("close", close(fd) == 0);
}

static void errors(void)
{
    char name[260];
    int fds[2];
    errno = 0;
    check("unknown flag: EINVAL", memfd_create("x", 0x8) == -1 && errno == EINVAL);
    errno = 0;
    check("MFD_HUGETLB: EINVAL", memfd_create("x", MFD_HUGETLB) == -1 && errno == EINVAL);
    memset(name, 'n', sizeof(name));
    name[250] = '\0';
    errno = 0;
    check("a 250-byte name: EINVAL", memfd_create(name, 0) == -1 && errno == EINVAL);
    name[249] = '\0';
    int fd = memfd_create(name, 0);
    check("a 249-byte name", fd >= 0);
    close(fd);
    errno = 0;
    check("a bad name pointer: EFAULT",
          syscall(SYS_memfd_create, (void *)16, 0) == -1 && errno == EFAULT);
    check("pipe", pipe(fds) == 0);
    errno = 0;
    check("F_GET_SEALS on a pipe: EINVAL", fcntl(fds[0], F_GET_SEALS) == -1 && errno == EINVAL);
    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    plain();
    seals();
    errors();
    return failures != 0;
}
