/* getrandom and its flags, /dev/random and /dev/urandom: bytes come, differ from call to
 * call, and the errors are Linux's. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <syscall.h>
#include <unistd.h>

#include "abi/random.h"
#include "testlib.h"

static long getrandom(void *buf, long n, long flags)
{
    return syscall6(SYS_getrandom, (long)buf, n, flags, 0, 0, 0);
}

static int all_zero(const unsigned char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void check_device(const char *path, unsigned minor)
{
    unsigned char a[4096], b[4096];
    struct stat st;
    int fd = (int)sys_openat(AT_FDCWD, path, O_RDWR, 0);
    check_true(path, fd >= 0, fd);
    check_eq("fstat", sys_fstat(fd, &st), 0);
    check_true("char device", S_ISCHR(st.st_mode), st.st_mode);
    check_eq("rdev", (long)st.st_rdev, (1 << 8) | minor);
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    check_eq("read", sys_read(fd, a, sizeof(a)), sizeof(a));
    check_eq("read again", sys_read(fd, b, sizeof(b)), sizeof(b));
    check_true("not zeros", !all_zero(a, sizeof(a)), 0);
    check_true("differs", memcmp(a, b, sizeof(a)) != 0, 0);
    check_eq("write accepted", sys_write(fd, "seed", 4), 4);
    check_eq("bad buffer", sys_read(fd, (void *)16, 8), -EFAULT);
    check_eq("close", sys_close(fd), 0);
}

int main(void)
{
    unsigned char a[600], b[600];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    check_eq("getrandom", getrandom(a, sizeof(a), 0), sizeof(a));
    check_eq("getrandom again", getrandom(b, sizeof(b), GRND_NONBLOCK), sizeof(b));
    check_true("not zeros", !all_zero(a, sizeof(a)), 0);
    check_true("differs", memcmp(a, b, sizeof(a)) != 0, 0);
    check_eq("GRND_RANDOM", getrandom(a, 16, GRND_RANDOM), 16);
    check_eq("GRND_INSECURE", getrandom(a, 16, GRND_INSECURE), 16);
    check_eq("RANDOM|NONBLOCK", getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK), 16);
    check_eq("zero length", getrandom(a, 0, 0), 0);
    check_eq("unknown flag", getrandom(a, 16, 8), -EINVAL);
    check_eq("RANDOM|INSECURE", getrandom(a, 16, GRND_RANDOM | GRND_INSECURE), -EINVAL);
    check_eq("bad buffer", getrandom((void *)16, 16, 0), -EFAULT);
    check_device("/dev/urandom", 9);
    check_device("/dev/random", 8);
    return 0;
}
