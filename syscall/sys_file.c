/* The few file-system calls a static Linux program makes at start-up, answered for the
 * only files there are: the console on fds 0-2, and /proc/self/exe. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/proc.h"
#include "syscall/syscall.h"
#include "mm/usercopy.h"

#define AT_FDCWD (-100)
#define AT_EMPTY_PATH 0x1000
#define S_IFCHR 0020000

/* struct stat of the asm-generic ABI that riscv64 uses (include/uapi/asm-generic/stat.h). */
struct stat64_generic {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
	uint32_t unused[2];
};
_Static_assert(sizeof(struct stat64_generic) == 128, "struct stat layout");

static int is_console(int64_t fd) { return fd >= 0 && fd <= 2; }

/* The console: a character device (major 5, minor 1, as /dev/console on Linux). */
static long stat_console(uint64_t ubuf)
{
	struct stat64_generic st;

	memset(&st, 0, sizeof(st));
	st.mode = S_IFCHR | 0620;
	st.nlink = 1;
	st.rdev = (5 << 8) | 1;
	st.blksize = 1024;
	return copy_to_user(ubuf, &st, sizeof(st));
}

long sys_fstat(uint64_t fd, uint64_t ubuf, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return is_console((int64_t)fd) ? stat_console(ubuf) : -EBADF;
}

long sys_newfstatat(uint64_t dirfd, uint64_t upath, uint64_t ubuf, uint64_t flags, uint64_t a4,
		    uint64_t a5)
{
	(void)a4, (void)a5;
	char path[2];
	long len = strncpy_from_user(path, upath, sizeof(path));

	if (len < 0 && len != -ENAMETOOLONG)
		return len;
	if (len == 0 && (flags & AT_EMPTY_PATH))
		return sys_fstat(dirfd, ubuf, 0, 0, 0, 0);
	return -ENOENT;   /* there is no file system to look a path up in */
}

/* The console is not a terminal the kernel emulates (no termios), as for a pipe. */
long sys_ioctl(uint64_t fd, uint64_t request, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)request, (void)arg, (void)a3, (void)a4, (void)a5;
	return is_console((int64_t)fd) ? -ENOTTY : -EBADF;
}

long sys_readlinkat(uint64_t dirfd, uint64_t upath, uint64_t ubuf, uint64_t size, uint64_t a4,
		    uint64_t a5)
{
	(void)a4, (void)a5;
	char path[32];
	long len = strncpy_from_user(path, upath, sizeof(path));

	if (len < 0)
		return len == -ENAMETOOLONG ? -ENOENT : len;
	if ((int64_t)dirfd != AT_FDCWD && path[0] != '/')
		return -EBADF;
	if (strcmp(path, "/proc/self/exe"))
		return -ENOENT;
	if ((int64_t)size <= 0)
		return -EINVAL;
	const char *exe = current_proc()->exe;
	size_t n = strlen(exe);
	if (n > size)
		n = size;   /* readlink truncates and does not terminate */
	return copy_to_user(ubuf, exe, n) ? -EFAULT : (long)n;
}
