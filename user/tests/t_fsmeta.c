/* File attributes and the calls around them: statx, utimensat (futimens too), fchownat and
 * fchown, faccessat2, fsync/fdatasync/sync/syncfs, statfs/fstatfs, ioctl FIONBIO, FIOCLEX
 * and FIONCLEX, fcntl F_GETPIPE_SZ, lseek SEEK_DATA/SEEK_HOLE, readlinkat of an O_PATH
 * symlink; each with Linux's errors. Everything made lives
 * under /t_fsmeta.d and is removed at the end. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <syscall.h>
#include <time.h>
#include <unistd.h>

#include "abi/statfs.h"
#include "testlib.h"

#define DIR "/t_fsmeta.d"
#define FILE DIR "/f"
#define LINK DIR "/l"

static long call(long nr, long a0, long a1, long a2, long a3, long a4)
{
    return syscall6(nr, a0, a1, a2, a3, a4, 0);
}

static void check_statx(void)
{
    struct statx sx;
    struct stat st;
    memset(&sx, 0xff, sizeof(sx));
    check_eq("statx", call(SYS_statx, AT_FDCWD, (long)FILE, 0, STATX_BASIC_STATS, (long)&sx), 0);
    check_eq("newfstatat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_true("statx mask", (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS, sx.stx_mask);
    check_eq("statx mode", sx.stx_mode, st.st_mode);
    check_eq("statx ino", (long)sx.stx_ino, (long)st.st_ino);
    check_eq("statx size", (long)sx.stx_size, 5);
    check_eq("statx nlink", sx.stx_nlink, 1);
    check_eq("statx blocks", (long)sx.stx_blocks, 8);
    check_eq("statx dev", sx.stx_dev_minor, (long)st.st_dev);
    check_eq("statx mtime", sx.stx_mtime.tv_sec, st.st_mtime);
    check_eq("statx spare zeroed", (long)sx.__spare3[0], 0);
    /* A symlink: followed by default, itself with AT_SYMLINK_NOFOLLOW. */
    check_eq("statx link", call(SYS_statx, AT_FDCWD, (long)LINK, 0, STATX_TYPE, (long)&sx), 0);
    check_true("statx follows", S_ISREG(sx.stx_mode), sx.stx_mode);
    check_eq("statx nofollow", call(SYS_statx, AT_FDCWD, (long)LINK, AT_SYMLINK_NOFOLLOW,
                                    STATX_TYPE, (long)&sx), 0);
    check_true("statx link itself", S_ISLNK(sx.stx_mode), sx.stx_mode);
    check_eq("statx link size", (long)sx.stx_size, 1);
    /* AT_EMPTY_PATH: the descriptor's own file. */
    int fd = (int)sys_openat(AT_FDCWD, DIR, O_RDONLY | O_DIRECTORY, 0);
    check_true("open dir", fd >= 0, fd);
    check_eq("statx empty path", call(SYS_statx, fd, (long)"", AT_EMPTY_PATH, 0, (long)&sx), 0);
    check_true("statx dir", S_ISDIR(sx.stx_mode), sx.stx_mode);
    check_eq("statx relative", call(SYS_statx, fd, (long)"f", 0, 0, (long)&sx), 0);
    check_eq("statx relative size", (long)sx.stx_size, 5);
    check_eq("close", sys_close(fd), 0);
    check_eq("statx empty no flag", call(SYS_statx, AT_FDCWD, (long)"", 0, 0, (long)&sx), -ENOENT);
    check_eq("statx bad fd", call(SYS_statx, 99, (long)"", AT_EMPTY_PATH, 0, (long)&sx), -EBADF);
    check_eq("statx missing", call(SYS_statx, AT_FDCWD, (long)DIR "/none", 0, 0, (long)&sx), -ENOENT);
    check_eq("statx bad flags", call(SYS_statx, AT_FDCWD, (long)FILE, 0x1, 0, (long)&sx), -EINVAL);
    check_eq("statx both sync", call(SYS_statx, AT_FDCWD, (long)FILE, AT_STATX_SYNC_TYPE, 0,
                                     (long)&sx), -EINVAL);
    check_eq("statx reserved", call(SYS_statx, AT_FDCWD, (long)FILE, 0, (long)STATX__RESERVED,
                                    (long)&sx), -EINVAL);
    check_eq("statx bad buffer", call(SYS_statx, AT_FDCWD, (long)FILE, 0, 0, 16), -EFAULT);
}

static void check_utimens(void)
{
    struct timespec ts[2] = { { 1000, 5 }, { 2000, 999999999 } };
    struct stat st, before;
    check_eq("utimensat", call(SYS_utimensat, AT_FDCWD, (long)FILE, (long)ts, 0, 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("atime", st.st_atime, 1000);
    check_eq("atime nsec", st.st_atime_nsec, 5);
    check_eq("mtime", st.st_mtime, 2000);
    check_eq("mtime nsec", st.st_mtime_nsec, 999999999);
    /* UTIME_OMIT leaves one alone; UTIME_NOW sets the current time (the wall clock). */
    struct timespec now;
    check_eq("clock", sys_clock_gettime(CLOCK_REALTIME, &now), 0);
    struct timespec ts2[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
    check_eq("utimensat omit/now", call(SYS_utimensat, AT_FDCWD, (long)FILE, (long)ts2, 0, 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("atime kept", st.st_atime, 1000);
    check_true("mtime now", st.st_mtime >= now.tv_sec && st.st_mtime < now.tv_sec + 5, st.st_mtime);
    check_true("ctime now", st.st_ctime >= now.tv_sec, st.st_ctime);
    /* Both omitted: nothing done, the path not even looked up. */
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    check_eq("both omit", call(SYS_utimensat, AT_FDCWD, (long)DIR "/none", (long)omit, 0, 0), 0);
    /* NULL times: both now. */
    check_eq("utimensat null", call(SYS_utimensat, AT_FDCWD, (long)FILE, 0, 0, 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_true("atime now", st.st_atime >= now.tv_sec, st.st_atime);
    /* The link itself with AT_SYMLINK_NOFOLLOW; the target stays as it was. */
    check_eq("stat target", sys_newfstatat(AT_FDCWD, FILE, &before, 0), 0);
    check_eq("utimensat nofollow", call(SYS_utimensat, AT_FDCWD, (long)LINK, (long)ts,
                                        AT_SYMLINK_NOFOLLOW, 0), 0);
    check_eq("lstat", sys_newfstatat(AT_FDCWD, LINK, &st, AT_SYMLINK_NOFOLLOW), 0);
    check_eq("link mtime", st.st_mtime, 2000);
    check_eq("stat target", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("target untouched", st.st_mtime, before.st_mtime);
    /* futimens: a NULL path names the descriptor's file. */
    int fd = (int)sys_openat(AT_FDCWD, FILE, O_RDONLY, 0);
    check_true("open", fd >= 0, fd);
    check_eq("futimens", call(SYS_utimensat, fd, 0, (long)ts, 0, 0), 0);
    check_eq("fstat", sys_fstat(fd, &st), 0);
    check_eq("futimens mtime", st.st_mtime, 2000);
    check_eq("futimens flags", call(SYS_utimensat, fd, 0, (long)ts, AT_SYMLINK_NOFOLLOW, 0), -EINVAL);
    check_eq("close", sys_close(fd), 0);
    check_eq("futimens bad fd", call(SYS_utimensat, 99, 0, (long)ts, 0, 0), -EBADF);
    check_eq("null path cwd", call(SYS_utimensat, AT_FDCWD, 0, (long)ts, 0, 0), -EFAULT);
    struct timespec bad[2] = { { 0, NSEC_PER_SEC }, { 0, 0 } };
    check_eq("bad nsec", call(SYS_utimensat, AT_FDCWD, (long)FILE, (long)bad, 0, 0), -EINVAL);
    bad[0].tv_nsec = -1;
    check_eq("negative nsec", call(SYS_utimensat, AT_FDCWD, (long)FILE, (long)bad, 0, 0), -EINVAL);
    check_eq("bad flags", call(SYS_utimensat, AT_FDCWD, (long)FILE, 0, 0x1, 0), -EINVAL);
    check_eq("bad times", call(SYS_utimensat, AT_FDCWD, (long)FILE, 16, 0, 0), -EFAULT);
    check_eq("missing", call(SYS_utimensat, AT_FDCWD, (long)DIR "/none", 0, 0, 0), -ENOENT);
}

static void check_chown(void)
{
    struct stat st;
    check_eq("chmod setuid", sys_fchmodat(AT_FDCWD, FILE, 04755), 0);
    check_eq("fchownat", call(SYS_fchownat, AT_FDCWD, (long)FILE, 1000, 100, 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("uid", st.st_uid, 1000);
    check_eq("gid", st.st_gid, 100);
    check_eq("setuid dropped", st.st_mode & 07777, 0755);
    check_eq("fchownat -1", call(SYS_fchownat, AT_FDCWD, (long)FILE, -1, 7, 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("uid kept", st.st_uid, 1000);
    check_eq("gid changed", st.st_gid, 7);
    check_eq("lchown", call(SYS_fchownat, AT_FDCWD, (long)LINK, 5, 5, AT_SYMLINK_NOFOLLOW), 0);
    check_eq("lstat", sys_newfstatat(AT_FDCWD, LINK, &st, AT_SYMLINK_NOFOLLOW), 0);
    check_eq("link uid", st.st_uid, 5);
    check_eq("stat", sys_newfstatat(AT_FDCWD, FILE, &st, 0), 0);
    check_eq("target uid kept", st.st_uid, 1000);
    int fd = (int)sys_openat(AT_FDCWD, FILE, O_RDONLY, 0);
    check_true("open", fd >= 0, fd);
    check_eq("fchown", call(SYS_fchown, fd, 0, 0, 0, 0), 0);
    check_eq("fstat", sys_fstat(fd, &st), 0);
    check_eq("fchown uid", st.st_uid, 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("fchown bad fd", call(SYS_fchown, 99, 0, 0, 0, 0), -EBADF);
    check_eq("fchownat bad flags", call(SYS_fchownat, AT_FDCWD, (long)FILE, 0, 0, 0x1), -EINVAL);
    check_eq("fchownat missing", call(SYS_fchownat, AT_FDCWD, (long)DIR "/none", 0, 0, 0), -ENOENT);
    check_eq("link back to root", call(SYS_fchownat, AT_FDCWD, (long)LINK, 0, 0,
                                       AT_SYMLINK_NOFOLLOW), 0);
}

static void check_faccessat2(void)
{
    check_eq("faccessat2 R", call(SYS_faccessat2, AT_FDCWD, (long)FILE, R_OK | W_OK, 0, 0), 0);
    check_eq("faccessat2 eaccess", call(SYS_faccessat2, AT_FDCWD, (long)FILE, R_OK, AT_EACCESS, 0), 0);
    check_eq("chmod 644", sys_fchmodat(AT_FDCWD, FILE, 0644), 0);
    check_eq("faccessat2 X", call(SYS_faccessat2, AT_FDCWD, (long)FILE, X_OK, 0, 0), -EACCES);
    /* A dangling symlink: ENOENT followed, there with AT_SYMLINK_NOFOLLOW. */
    check_eq("dangling", sys_symlinkat("none", AT_FDCWD, DIR "/d"), 0);
    check_eq("faccessat2 follow", call(SYS_faccessat2, AT_FDCWD, (long)DIR "/d", F_OK, 0, 0), -ENOENT);
    check_eq("faccessat2 nofollow", call(SYS_faccessat2, AT_FDCWD, (long)DIR "/d", F_OK,
                                         AT_SYMLINK_NOFOLLOW, 0), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, DIR "/d", 0), 0);
    int fd = (int)sys_openat(AT_FDCWD, FILE, O_RDONLY, 0);
    check_true("open", fd >= 0, fd);
    check_eq("faccessat2 empty", call(SYS_faccessat2, fd, (long)"", R_OK, AT_EMPTY_PATH, 0), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("faccessat2 flags", call(SYS_faccessat2, AT_FDCWD, (long)FILE, F_OK, 0x1, 0), -EINVAL);
    check_eq("faccessat2 mode", call(SYS_faccessat2, AT_FDCWD, (long)FILE, 8, 0, 0), -EINVAL);
    check_eq("faccessat2 missing", call(SYS_faccessat2, AT_FDCWD, (long)DIR "/none", F_OK, 0, 0),
             -ENOENT);
}

static void check_sync_and_statfs(void)
{
    int fds[2];
    struct statfs sf;
    int fd = (int)sys_openat(AT_FDCWD, FILE, O_RDWR, 0);
    check_true("open", fd >= 0, fd);
    check_eq("fsync", call(SYS_fsync, fd, 0, 0, 0, 0), 0);
    check_eq("fdatasync", call(SYS_fdatasync, fd, 0, 0, 0, 0), 0);
    check_eq("syncfs", call(SYS_syncfs, fd, 0, 0, 0, 0), 0);
    check_eq("sync", call(SYS_sync, 0, 0, 0, 0, 0), 0);
    check_eq("fsync bad fd", call(SYS_fsync, 99, 0, 0, 0, 0), -EBADF);
    check_eq("fdatasync bad fd", call(SYS_fdatasync, -1, 0, 0, 0, 0), -EBADF);
    check_eq("syncfs bad fd", call(SYS_syncfs, 99, 0, 0, 0, 0), -EBADF);
    check_eq("pipe", sys_pipe2(fds, 0), 0);
    check_eq("fsync pipe", call(SYS_fsync, fds[0], 0, 0, 0, 0), -EINVAL);
    memset(&sf, 0xff, sizeof(sf));
    check_eq("fstatfs", call(SYS_fstatfs, fd, (long)&sf, 0, 0, 0), 0);
    check_eq("f_type", sf.f_type, 0x858458f6);
    check_eq("f_bsize", sf.f_bsize, 4096);
    check_eq("f_namelen", sf.f_namelen, 255);
    check_eq("f_spare", sf.f_spare[0], 0);
    check_eq("statfs", call(SYS_statfs, (long)DIR, (long)&sf, 0, 0, 0), 0);
    check_eq("statfs f_type", sf.f_type, 0x858458f6);
    check_eq("statfs missing", call(SYS_statfs, (long)DIR "/none", (long)&sf, 0, 0, 0), -ENOENT);
    check_eq("statfs fault", call(SYS_statfs, (long)DIR, 16, 0, 0, 0), -EFAULT);
    check_eq("fstatfs bad fd", call(SYS_fstatfs, 99, (long)&sf, 0, 0, 0), -EBADF);

    /* FIONBIO on a pipe: an empty read then says EAGAIN; FIOCLEX/FIONCLEX flip FD_CLOEXEC. */
    int on = 1;
    char c;
    check_eq("FIONBIO on", sys_ioctl(fds[0], FIONBIO, &on), 0);
    check_eq("F_GETFL", sys_fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK, O_NONBLOCK);
    check_eq("read nonblocking", sys_read(fds[0], &c, 1), -EAGAIN);
    on = 0;
    check_eq("FIONBIO off", sys_ioctl(fds[0], FIONBIO, &on), 0);
    check_eq("F_GETFL off", sys_fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK, 0);
    check_eq("FIONBIO fault", sys_ioctl(fds[0], FIONBIO, (void *)16), -EFAULT);
    check_eq("FIOCLEX", sys_ioctl(fd, FIOCLEX, 0), 0);
    check_eq("F_GETFD", sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
    check_eq("FIONCLEX", sys_ioctl(fd, FIONCLEX, 0), 0);
    check_eq("F_GETFD off", sys_fcntl(fd, F_GETFD, 0), 0);
    check_eq("ioctl bad fd", sys_ioctl(99, FIOCLEX, 0), -EBADF);
    check_eq("F_GETPIPE_SZ", sys_fcntl(fds[1], F_GETPIPE_SZ, 0), 65536);
    check_eq("F_GETPIPE_SZ file", sys_fcntl(fd, F_GETPIPE_SZ, 0), -EBADF);
    check_eq("close", sys_close(fds[0]), 0);
    check_eq("close", sys_close(fds[1]), 0);

    /* SEEK_DATA/SEEK_HOLE: data from 0, a hole at the end; past the end ENXIO. */
    check_eq("SEEK_DATA", sys_lseek(fd, 0, SEEK_DATA), 0);
    check_eq("SEEK_HOLE", sys_lseek(fd, 0, SEEK_HOLE), 5);
    check_eq("SEEK_HOLE 2", sys_lseek(fd, 2, SEEK_HOLE), 5);
    check_eq("SEEK_DATA end", sys_lseek(fd, 5, SEEK_DATA), -ENXIO);
    check_eq("SEEK_HOLE end", sys_lseek(fd, 5, SEEK_HOLE), -ENXIO);
    check_eq("SEEK_DATA negative", sys_lseek(fd, -1, SEEK_DATA), -ENXIO);
    /* A hole of whole pages in the middle. */
    check_eq("pwrite far", sys_pwrite64(fd, "z", 1, 3 * 4096), 1);
    check_eq("SEEK_HOLE gap", sys_lseek(fd, 0, SEEK_HOLE), 4096);
    check_eq("SEEK_DATA after gap", sys_lseek(fd, 4096, SEEK_DATA), 3 * 4096);
    check_eq("offset moved", sys_lseek(fd, 0, SEEK_CUR), 3 * 4096);
    check_eq("ftruncate", sys_ftruncate(fd, 5), 0);
    check_eq("close", sys_close(fd), 0);
    fd = (int)sys_openat(AT_FDCWD, DIR, O_RDONLY | O_DIRECTORY, 0);
    check_true("open dir", fd >= 0, fd);
    check_eq("SEEK_DATA dir", sys_lseek(fd, 0, SEEK_DATA), -EINVAL);
    check_eq("close", sys_close(fd), 0);
}

int main(void)
{
    check_eq("mkdir", sys_mkdirat(AT_FDCWD, DIR, 0755), 0);
    int fd = (int)sys_openat(AT_FDCWD, FILE, O_CREAT | O_WRONLY, 0644);
    check_true("create", fd >= 0, fd);
    check_eq("write", sys_write(fd, "hello", 5), 5);
    check_eq("close", sys_close(fd), 0);
    check_eq("symlink", sys_symlinkat("f", AT_FDCWD, LINK), 0);
    check_statx();
    check_utimens();
    check_chown();
    check_faccessat2();
    /* readlinkat with an empty path: the O_PATH | O_NOFOLLOW descriptor's own link. */
    char target[8];
    int lfd = (int)sys_openat(AT_FDCWD, LINK, O_PATH | O_NOFOLLOW, 0);
    check_true("open link", lfd >= 0, lfd);
    check_eq("readlink empty", sys_readlinkat(lfd, "", target, sizeof(target)), 1);
    check_eq("target", target[0], 'f');
    check_eq("close", sys_close(lfd), 0);
    lfd = (int)sys_openat(AT_FDCWD, FILE, O_RDONLY, 0);
    check_true("open", lfd >= 0, lfd);
    check_eq("readlink empty file", sys_readlinkat(lfd, "", target, sizeof(target)), -ENOENT);
    check_eq("close", sys_close(lfd), 0);
    check_eq("readlink not link", sys_readlinkat(AT_FDCWD, FILE, target, sizeof(target)), -EINVAL);
    check_sync_and_statfs();
    check_eq("unlink link", sys_unlinkat(AT_FDCWD, LINK, 0), 0);
    check_eq("unlink file", sys_unlinkat(AT_FDCWD, FILE, 0), 0);
    check_eq("rmdir", sys_unlinkat(AT_FDCWD, DIR, AT_REMOVEDIR), 0);
    return 0;
}
