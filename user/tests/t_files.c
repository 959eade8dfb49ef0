/* Regular files through openat, read, write, readv/writev, pread/pwrite, lseek, fstat,
 * newfstatat, faccessat, ftruncate, fchmod/fchmodat and readlinkat, with Linux's errors;
 * /dev/null, zero, full and console; the initrd's files; exec of a file written at run
 * time. Everything made lives under /t_files.d and is removed at the end, so the runner's
 * leak check sees every page of it given back. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define DIR "/t_files.d"
#define CHILD_STATUS 42

static long open_at(const char *path, int flags, unsigned mode)
{
    return sys_openat(AT_FDCWD, path, flags, mode);
}

/* Opens path, failing the test if it cannot. */
static int must_open(const char *path, int flags, unsigned mode)
{
    long fd = open_at(path, flags, mode);
    check_true(path, fd >= 3, fd);
    return (int)fd;
}

static void must_close(int fd)
{
    check_eq("close", sys_close(fd), 0);
}

static void read_write_seek(void)
{
    char buf[64];
    struct stat st;

    check_eq("open of a missing file", open_at(DIR "/none", O_RDONLY, 0), -ENOENT);
    int fd = must_open(DIR "/f", O_CREAT | O_EXCL | O_RDWR, 0666);
    check_eq("O_CREAT|O_EXCL of an existing file",
             open_at(DIR "/f", O_CREAT | O_EXCL | O_RDWR, 0666), -EEXIST);
    check_eq("write", sys_write(fd, "hello, world", 12), 12);
    check_eq("lseek SEEK_CUR", sys_lseek(fd, 0, SEEK_CUR), 12);
    check_eq("read at the end", sys_read(fd, buf, sizeof(buf)), 0);
    check_eq("lseek SEEK_SET", sys_lseek(fd, 0, SEEK_SET), 0);
    check_eq("read", sys_read(fd, buf, 5), 5);
    check_eq("read data", memcmp(buf, "hello", 5), 0);
    check_eq("read goes on from the offset", sys_read(fd, buf, sizeof(buf)), 7);
    check_eq("read rest", memcmp(buf, ", world", 7), 0);
    check_eq("pread", sys_pread64(fd, buf, 5, 7), 5);
    check_eq("pread data", memcmp(buf, "world", 5), 0);
    check_eq("pread leaves the offset", sys_lseek(fd, 0, SEEK_CUR), 12);
    check_eq("pread at a negative offset", sys_pread64(fd, buf, 1, -1), -EINVAL);
    check_eq("lseek SEEK_END", sys_lseek(fd, -5, SEEK_END), 7);
    check_eq("lseek before the start", sys_lseek(fd, -100, SEEK_CUR), -EINVAL);
    check_eq("lseek with a bad whence", sys_lseek(fd, 0, 7), -EINVAL);
    check_eq("lseek past the end", sys_lseek(fd, 100, SEEK_SET), 100);

    /* A write past the end leaves a hole that reads as zeros. */
    check_eq("pwrite past the end", sys_pwrite64(fd, "x", 1, 9999), 1);
    check_eq("fstat", sys_fstat(fd, &st), 0);
    check_eq("size after pwrite", st.st_size, 10000);
    check_eq("mode from 0666 less the umask", st.st_mode, S_IFREG | 0644);
    check_eq("nlink", st.st_nlink, 1);
    check_eq("blocks: two pages, the hole takes none", st.st_blocks, 16);
    memset(buf, 'q', sizeof(buf));
    check_eq("pread in the hole", sys_pread64(fd, buf, 8, 5000), 8);
    check_eq("hole reads zeros", memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0);

    /* readv/writev: each buffer in turn. */
    struct iovec out[2] = { { "abc", 3 }, { "defgh", 5 } };
    char a[4], b[4];
    struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
    check_eq("writev", sys_writev(fd, out, 2), 8);
    check_eq("lseek back", sys_lseek(fd, -8, SEEK_CUR), 100);
    check_eq("readv", sys_readv(fd, in, 2), 8);
    check_eq("readv first buffer", memcmp(a, "abcd", 4), 0);
    check_eq("readv second buffer", memcmp(b, "efgh", 4), 0);
    check_eq("readv with a bad count", sys_readv(fd, in, -1), -EINVAL);

    /* Bad pointers and descriptors. */
    check_eq("lseek to 0 again", sys_lseek(fd, 0, SEEK_SET), 0);
    check_eq("read into a kernel address", sys_read(fd, KERNEL_ADDRESS, 1), -EFAULT);
    check_eq("write from a kernel address", sys_write(fd, KERNEL_ADDRESS, 1), -EFAULT);
    check_eq("fstat into a kernel address", sys_fstat(fd, KERNEL_ADDRESS), -EFAULT);
    check_eq("open of a kernel address", open_at(KERNEL_ADDRESS, O_RDONLY, 0), -EFAULT);
    check_eq("read of a closed fd", sys_read(99, buf, 1), -EBADF);
    check_eq("write of a negative fd", sys_write(-1, buf, 1), -EBADF);
    check_eq("lseek of a bad fd", sys_lseek(99, 0, SEEK_SET), -EBADF);
    check_eq("fstat of a bad fd", sys_fstat(99, &st), -EBADF);
    must_close(fd);
}

static void open_flags(void)
{
    char buf[16];
    struct stat st;

    /* O_TRUNC empties, O_APPEND writes at the end whatever the offset. */
    int fd = must_open(DIR "/f", O_WRONLY | O_TRUNC, 0);
    check_eq("size after O_TRUNC", sys_fstat(fd, &st) == 0 ? st.st_size : -1, 0);
    check_eq("read of a write-only fd", sys_read(fd, buf, 1), -EBADF);
    check_eq("write", sys_write(fd, "12345", 5), 5);
    must_close(fd);
    fd = must_open(DIR "/f", O_RDWR | O_APPEND, 0);
    check_eq("lseek to 0", sys_lseek(fd, 0, SEEK_SET), 0);
    check_eq("O_APPEND write", sys_write(fd, "67", 2), 2);
    check_eq("offset after O_APPEND write", sys_lseek(fd, 0, SEEK_CUR), 7);
    check_eq("pwrite with O_APPEND appends too (as Linux)", sys_pwrite64(fd, "8", 1, 0), 1);
    check_eq("pread all", sys_pread64(fd, buf, sizeof(buf), 0), 8);
    check_eq("appended data", memcmp(buf, "12345678", 8), 0);
    check_eq("pwrite left the offset", sys_lseek(fd, 0, SEEK_CUR), 7);
    must_close(fd);
    fd = must_open(DIR "/f", O_RDONLY, 0);
    check_eq("write of a read-only fd", sys_write(fd, "x", 1), -EBADF);
    check_eq("ftruncate of a read-only fd", sys_ftruncate(fd, 0), -EINVAL);
    must_close(fd);

    /* Directories, symlinks, O_PATH. */
    check_eq("O_DIRECTORY of a file", open_at(DIR "/f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
    check_eq("a directory for writing", open_at(DIR, O_WRONLY, 0), -EISDIR);
    check_eq("a directory with O_CREAT", open_at(DIR, O_RDONLY | O_CREAT, 0644), -EISDIR);
    check_eq("O_CREAT with O_DIRECTORY", open_at(DIR "/cd", O_RDWR | O_CREAT | O_DIRECTORY, 0644),
             -EINVAL);
    check_eq("nothing made", sys_faccessat(AT_FDCWD, DIR "/cd", F_OK), -ENOENT);
    check_eq("O_CREAT with a trailing slash", open_at(DIR "/new/", O_RDWR | O_CREAT, 0644),
             -EISDIR);
    check_eq("a file with a trailing slash", open_at(DIR "/f/", O_RDONLY, 0), -ENOTDIR);
    check_eq("a path through a file", open_at(DIR "/f/x", O_RDONLY, 0), -ENOTDIR);
    fd = must_open(DIR, O_RDONLY | O_DIRECTORY, 0);
    check_eq("read of a directory", sys_read(fd, buf, sizeof(buf)), -EISDIR);
    must_close(fd);
    check_eq("symlink", sys_symlinkat("f", AT_FDCWD, DIR "/link"), 0);
    fd = must_open(DIR "/link", O_RDONLY, 0);
    check_eq("read through a symlink", sys_read(fd, buf, 7), 7);
    must_close(fd);
    check_eq("O_NOFOLLOW of a symlink", open_at(DIR "/link", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
    fd = must_open(DIR "/link", O_PATH | O_NOFOLLOW, 0);
    check_eq("fstat of an O_PATH symlink", sys_fstat(fd, &st), 0);
    check_true("O_PATH gives the symlink itself", S_ISLNK(st.st_mode), st.st_mode);
    check_eq("read of an O_PATH fd", sys_read(fd, buf, 1), -EBADF);
    check_eq("fchmod of an O_PATH fd", sys_fchmod(fd, 0600), -EBADF);
    must_close(fd);

    /* Names too long: a component over NAME_MAX, a path of PATH_MAX or more. */
    static char name[PATH_MAX + 8];
    memset(name, 'n', sizeof(name));
    memcpy(name, DIR "/", sizeof(DIR));
    name[sizeof(DIR) + NAME_MAX + 1] = '\0';
    check_eq("component over NAME_MAX", open_at(name, O_RDWR | O_CREAT, 0644), -ENAMETOOLONG);
    memset(name, '/', sizeof(name));
    name[PATH_MAX] = '\0';
    check_eq("path of PATH_MAX bytes", open_at(name, O_RDONLY, 0), -ENAMETOOLONG);
    name[PATH_MAX - 1] = '\0';
    fd = must_open(name, O_RDONLY, 0);   /* 4095 slashes: the root */
    must_close(fd);
    check_eq("unlink symlink", sys_unlinkat(AT_FDCWD, DIR "/link", 0), 0);
}

static void truncate_and_modes(void)
{
    struct stat st;
    char buf[8];
    int fd = must_open(DIR "/t", O_RDWR | O_CREAT | O_EXCL, 0600);

    check_eq("pwrite", sys_pwrite64(fd, "abcdefgh", 8, 0), 8);
    check_eq("ftruncate shrinks", sys_ftruncate(fd, 3), 0);
    check_eq("ftruncate grows", sys_ftruncate(fd, 6), 0);
    check_eq("pread after truncation", sys_pread64(fd, buf, 8, 0), 6);
    check_eq("the cut part reads zeros", memcmp(buf, "abc\0\0\0", 6), 0);
    check_eq("ftruncate to a negative size", sys_ftruncate(fd, -1), -EINVAL);
    int waiting = -1;
    check_eq("lseek to 2", sys_lseek(fd, 2, SEEK_SET), 2);
    check_eq("FIONREAD on a file", sys_ioctl(fd, FIONREAD, &waiting), 0);
    check_eq("bytes from the offset to the end", waiting, 4);
    check_eq("other ioctls on a file", sys_ioctl(fd, 0x5401, &waiting), -ENOTTY);
    check_eq("ioctl of a bad fd", sys_ioctl(99, FIONREAD, &waiting), -EBADF);
    check_eq("ftruncate of a bad fd", sys_ftruncate(99, 0), -EBADF);

    check_eq("F_OK", sys_faccessat(AT_FDCWD, DIR "/t", F_OK), 0);
    check_eq("R_OK|W_OK as root", sys_faccessat(AT_FDCWD, DIR "/t", R_OK | W_OK), 0);
    check_eq("X_OK without x bits", sys_faccessat(AT_FDCWD, DIR "/t", X_OK), -EACCES);
    check_eq("faccessat of a missing file", sys_faccessat(AT_FDCWD, DIR "/none", F_OK), -ENOENT);
    check_eq("faccessat with a bad mode", sys_faccessat(AT_FDCWD, DIR "/t", 8), -EINVAL);
    check_eq("fchmod", sys_fchmod(fd, 0750), 0);
    check_eq("fstat after fchmod", sys_fstat(fd, &st), 0);
    check_eq("mode after fchmod", st.st_mode, S_IFREG | 0750);
    check_eq("X_OK with x bits", sys_faccessat(AT_FDCWD, DIR "/t", X_OK), 0);
    check_eq("fchmodat", sys_fchmodat(AT_FDCWD, DIR "/t", 0604), 0);
    check_eq("newfstatat", sys_newfstatat(AT_FDCWD, DIR "/t", &st, 0), 0);
    check_eq("mode after fchmodat", st.st_mode, S_IFREG | 0604);
    check_eq("fchmodat of a missing file", sys_fchmodat(AT_FDCWD, DIR "/none", 0600), -ENOENT);
    check_eq("fchmod of a bad fd", sys_fchmod(99, 0600), -EBADF);

    /* newfstatat: AT_EMPTY_PATH is the fd itself; AT_SYMLINK_NOFOLLOW the link. */
    check_eq("AT_EMPTY_PATH", sys_newfstatat(fd, "", &st, AT_EMPTY_PATH), 0);
    check_eq("AT_EMPTY_PATH size", st.st_size, 6);
    check_eq("empty path without AT_EMPTY_PATH", sys_newfstatat(fd, "", &st, 0), -ENOENT);
    check_eq("newfstatat with bad flags", sys_newfstatat(AT_FDCWD, DIR, &st, 0x8000), -EINVAL);
    check_eq("symlink", sys_symlinkat("t", AT_FDCWD, DIR "/tl"), 0);
    check_eq("stat through the link", sys_newfstatat(AT_FDCWD, DIR "/tl", &st, 0), 0);
    check_true("follows to the file", S_ISREG(st.st_mode), st.st_mode);
    check_eq("lstat", sys_newfstatat(AT_FDCWD, DIR "/tl", &st, AT_SYMLINK_NOFOLLOW), 0);
    check_true("the link itself", S_ISLNK(st.st_mode), st.st_mode);
    check_eq("link size is its target's length", st.st_size, 1);
    check_eq("unlink link", sys_unlinkat(AT_FDCWD, DIR "/tl", 0), 0);

    /* An unlinked open file lives until its last close. */
    check_eq("unlink of an open file", sys_unlinkat(AT_FDCWD, DIR "/t", 0), 0);
    check_eq("gone from the directory", sys_faccessat(AT_FDCWD, DIR "/t", F_OK), -ENOENT);
    check_eq("fstat of the unlinked file", sys_fstat(fd, &st), 0);
    check_eq("nlink 0", st.st_nlink, 0);
    check_eq("still writable", sys_pwrite64(fd, "zz", 2, 4096 * 3), 2);
    check_eq("still readable", sys_pread64(fd, buf, 3, 0), 3);
    check_eq("its data", memcmp(buf, "abc", 3), 0);
    must_close(fd);
}

static void devices(void)
{
    char buf[32];
    struct stat st;

    int fd = must_open("/dev/null", O_RDWR, 0);
    check_eq("read /dev/null", sys_read(fd, buf, sizeof(buf)), 0);
    check_eq("write /dev/null", sys_write(fd, buf, sizeof(buf)), (long)sizeof(buf));
    check_eq("lseek /dev/null", sys_lseek(fd, 123, SEEK_SET), 0);
    check_eq("fstat /dev/null", sys_fstat(fd, &st), 0);
    check_true("/dev/null is a character device", S_ISCHR(st.st_mode), st.st_mode);
    check_eq("/dev/null is 1:3", st.st_rdev, (1 << 8) | 3);
    must_close(fd);
    fd = must_open("/dev/zero", O_RDONLY, 0);
    memset(buf, 'x', sizeof(buf));
    check_eq("read /dev/zero", sys_read(fd, buf, sizeof(buf)), (long)sizeof(buf));
    check_true("zeros", buf[0] == 0 && buf[31] == 0, buf[0]);
    must_close(fd);
    fd = must_open("/dev/full", O_WRONLY, 0);
    check_eq("write /dev/full", sys_write(fd, "x", 1), -ENOSPC);
    must_close(fd);
    /* fds 0-2 are /dev/console, opened for reading and writing. */
    check_eq("fstat of fd 1", sys_fstat(1, &st), 0);
    check_eq("the console is 5:1", st.st_rdev, (5 << 8) | 1);
    check_eq("fd 1 is O_RDWR", sys_fcntl(1, F_GETFL, 0), O_RDWR);
    check_eq("lseek of the console", sys_lseek(1, 0, SEEK_SET), -ESPIPE);
    char termios[36];
    check_eq("the console is a terminal (TCGETS)", sys_ioctl(1, 0x5401, termios), 0);
    check_eq("stat /dev/console", sys_newfstatat(AT_FDCWD, "/dev/console", &st, 0), 0);
    check_true("/dev/console is a character device", S_ISCHR(st.st_mode), st.st_mode);
}

/* The initrd was unpacked into the root: programs, /init a symlink to the shell, /tmp. */
static void initrd_contents(void)
{
    struct stat st;
    char buf[32];

    check_eq("stat /bin/t_files", sys_newfstatat(AT_FDCWD, "/bin/t_files", &st, 0), 0);
    check_true("a regular executable", S_ISREG(st.st_mode) && (st.st_mode & 0100), st.st_mode);
    check_true("with an mtime from the archive", st.st_mtime > 1000000000, st.st_mtime);
    long n = sys_readlinkat(AT_FDCWD, "/init", buf, sizeof(buf));
    check_eq("readlink /init", n, 6);
    check_eq("/init points at the shell", memcmp(buf, "bin/sh", 6), 0);
    check_eq("stat /tmp", sys_newfstatat(AT_FDCWD, "/tmp", &st, 0), 0);
    check_eq("/tmp mode", st.st_mode, S_IFDIR | 01777);
    check_eq("readlink of a file", sys_readlinkat(AT_FDCWD, "/bin/t_files", buf, 8), -EINVAL);
    check_eq("readlink with size 0", sys_readlinkat(AT_FDCWD, "/init", buf, 0), -EINVAL);
    check_eq("readlink truncates", sys_readlinkat(AT_FDCWD, "/init", buf, 3), 3);
    n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, sizeof(buf));
    check_eq("readlink /proc/self/exe", n, 12);
    check_eq("/proc/self/exe names this program", memcmp(buf, "/bin/t_files", 12), 0);
}

/* A copy of this program written into the file system runs, and so does its copy. */
static void exec_from_file(void)
{
    static char image[1 << 20];
    int in = must_open("/bin/t_files", O_RDONLY, 0);
    long size = sys_read(in, image, sizeof(image));
    check_true("read the program", size > 4096 && size < (long)sizeof(image), size);
    must_close(in);
    int out = must_open(DIR "/copy", O_WRONLY | O_CREAT | O_EXCL, 0644);
    check_eq("write the copy", sys_write(out, image, (unsigned long)size), size);
    must_close(out);

    char *argv[] = { DIR "/copy", "child", NULL };
    check_eq("exec without an x bit", spawn(argv[0], argv, environ), -EACCES);
    check_eq("exec of a directory", spawn(DIR, argv, environ), -EACCES);
    check_eq("exec of a missing file", spawn(DIR "/none", argv, environ), -ENOENT);
    check_eq("chmod +x", sys_fchmodat(AT_FDCWD, DIR "/copy", 0755), 0);
    long pid = spawn(argv[0], argv, environ);
    check_true("spawn the copy", pid > 0, pid);
    int status;
    check_eq("wait", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("the copy ran", status, CHILD_STATUS);
    check_eq("unlink the copy", sys_unlinkat(AT_FDCWD, DIR "/copy", 0), 0);
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "child")) {
        char buf[32];
        long n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, sizeof(buf));
        return n == sizeof(DIR "/copy") - 1 && !memcmp(buf, DIR "/copy", (unsigned long)n) ?
               CHILD_STATUS : 1;
    }
    check_eq("umask is 022", sys_umask(022), 022);
    check_eq("mkdir", sys_mkdirat(AT_FDCWD, DIR, 0755), 0);
    read_write_seek();
    open_flags();
    truncate_and_modes();
    devices();
    initrd_contents();
    exec_from_file();
    check_eq("unlink f", sys_unlinkat(AT_FDCWD, DIR "/f", 0), 0);
    check_eq("rmdir", sys_unlinkat(AT_FDCWD, DIR, AT_REMOVEDIR), 0);
    return 0;
}
