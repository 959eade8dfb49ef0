/* Directories and names: mkdirat, getdents64, chdir/fchdir/getcwd, unlinkat (with
 * AT_REMOVEDIR), renameat2, linkat, symlinkat/readlinkat, *at() relative to a directory
 * descriptor, and umask, with Linux's errors. Everything lives under /t_dirs.d. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS ((void *)0xffffffff80000000UL)
#define DIR "/t_dirs.d"

static void make_file(const char *path)
{
    long fd = sys_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    check_true(path, fd >= 0, fd);
    check_eq("close", sys_close((int)fd), 0);
}

static int exists(const char *path)
{
    return sys_faccessat(AT_FDCWD, path, F_OK) == 0;
}

static void make_dirs(void)
{
    struct stat st;

    check_eq("mkdir", sys_mkdirat(AT_FDCWD, DIR, 0777), 0);
    check_eq("mode is 0777 less the umask", sys_newfstatat(AT_FDCWD, DIR, &st, 0), 0);
    check_eq("directory mode", st.st_mode, S_IFDIR | 0755);
    check_eq("a new directory has two links", st.st_nlink, 2);
    check_eq("mkdir of an existing one", sys_mkdirat(AT_FDCWD, DIR, 0755), -EEXIST);
    check_eq("mkdir of /", sys_mkdirat(AT_FDCWD, "/", 0755), -EEXIST);
    check_eq("mkdir in a missing directory", sys_mkdirat(AT_FDCWD, DIR "/no/d", 0755), -ENOENT);
    make_file(DIR "/file");
    check_eq("mkdir under a file", sys_mkdirat(AT_FDCWD, DIR "/file/d", 0755), -ENOTDIR);
    check_eq("mkdir with a trailing slash", sys_mkdirat(AT_FDCWD, DIR "/sub/", 0755), 0);
    check_eq("parent gains a link", sys_newfstatat(AT_FDCWD, DIR, &st, 0), 0);
    check_eq("parent nlink", st.st_nlink, 3);
    check_eq("mkdir of a kernel address", sys_mkdirat(AT_FDCWD, KERNEL_ADDRESS, 0755), -EFAULT);
}

/* Reads every name of the directory at path into names (joined by spaces), checking
 * the d_type of "." and "..". */
static void list(const char *path, char *names, unsigned long size)
{
    static char buf[512];
    long fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
    check_true("open directory", fd >= 0, fd);
    names[0] = '\0';
    unsigned long used = 0;
    long n;
    while ((n = sys_getdents64((int)fd, buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            if (d->d_name[0] == '.')
                check_eq("d_type of . and ..", d->d_type, DT_DIR);
            unsigned long len = strlen(d->d_name);
            check_true("names fit", used + len + 2 < size, (long)used);
            memcpy(names + used, d->d_name, len);
            used += len;
            names[used++] = ' ';
            names[used] = '\0';
            off += d->d_reclen;
        }
    }
    check_eq("getdents64 ends with 0", n, 0);
    check_eq("close", sys_close((int)fd), 0);
}

static void read_dirs(void)
{
    char names[128], buf[64];
    struct linux_dirent64 *d = (struct linux_dirent64 *)buf;

    list(DIR, names, sizeof(names));
    check_eq("entries in creation order", strcmp(names, ". .. file sub "), 0);
    check_eq("symlink", sys_symlinkat("file", AT_FDCWD, DIR "/link"), 0);
    long fd = sys_openat(AT_FDCWD, DIR, O_RDONLY, 0);
    check_true("open", fd >= 0, fd);
    check_eq("a buffer too small for one entry", sys_getdents64((int)fd, buf, 8), -EINVAL);
    check_eq("a bad buffer", sys_getdents64((int)fd, KERNEL_ADDRESS, 64), -EFAULT);
    long n = sys_getdents64((int)fd, buf, 24);
    check_eq("one entry fits in 24 bytes", n, 24);
    check_eq("it is .", strcmp(d->d_name, "."), 0);
    check_eq("lseek back to the start (rewinddir)", sys_lseek((int)fd, 0, SEEK_SET), 0);
    check_true("read again", sys_getdents64((int)fd, buf, sizeof(buf)) > 0, 0);
    check_eq("the first is . again", strcmp(d->d_name, "."), 0);
    check_eq("close", sys_close((int)fd), 0);
    list(DIR, names, sizeof(names));
    check_eq("with the link", strcmp(names, ". .. file sub link "), 0);
    fd = sys_openat(AT_FDCWD, DIR "/file", O_RDONLY, 0);
    check_eq("getdents64 of a file", sys_getdents64((int)fd, buf, sizeof(buf)), -ENOTDIR);
    check_eq("close", sys_close((int)fd), 0);
    check_eq("getdents64 of a bad fd", sys_getdents64(99, buf, sizeof(buf)), -EBADF);

    /* d_type of a file and a symlink. */
    fd = sys_openat(AT_FDCWD, DIR, O_RDONLY, 0);
    long total = sys_getdents64((int)fd, buf, sizeof(buf));
    check_true("getdents64", total > 0, total);
    for (long off = 0; off < total; off += ((struct linux_dirent64 *)(buf + off))->d_reclen) {
        struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
        if (!strcmp(e->d_name, "file"))
            check_eq("d_type of a file", e->d_type, DT_REG);
    }
    check_eq("close", sys_close((int)fd), 0);
}

static void cwd(void)
{
    char buf[64];

    check_eq("getcwd at /", sys_getcwd(buf, sizeof(buf)), 2);
    check_eq("it is /", strcmp(buf, "/"), 0);
    check_eq("chdir", sys_chdir(DIR "/sub"), 0);
    check_eq("getcwd", sys_getcwd(buf, sizeof(buf)), sizeof(DIR "/sub"));
    check_eq("getcwd says where", strcmp(buf, DIR "/sub"), 0);
    check_eq("getcwd too small", sys_getcwd(buf, 5), -ERANGE);
    check_eq("getcwd into a kernel address", sys_getcwd(KERNEL_ADDRESS, 64), -EFAULT);
    make_file("rel");   /* relative to the cwd */
    check_true("made in the cwd", exists(DIR "/sub/rel"), 0);
    check_true(".. from the cwd", exists("../file"), 0);
    check_eq("unlink relative", sys_unlinkat(AT_FDCWD, "rel", 0), 0);
    check_eq("chdir ..", sys_chdir(".."), 0);
    check_eq("getcwd after ..", sys_getcwd(buf, sizeof(buf)), sizeof(DIR));
    check_eq("chdir to a file", sys_chdir("file"), -ENOTDIR);
    check_eq("chdir to nothing", sys_chdir("none"), -ENOENT);
    check_eq("chdir through a symlink to a file", sys_chdir("link"), -ENOTDIR);
    long fd = sys_openat(AT_FDCWD, "sub", O_RDONLY | O_DIRECTORY, 0);
    check_true("open sub", fd >= 0, fd);
    check_eq("fchdir", sys_fchdir((int)fd), 0);
    check_eq("getcwd after fchdir", sys_getcwd(buf, sizeof(buf)), sizeof(DIR "/sub"));
    check_eq("close", sys_close((int)fd), 0);
    fd = sys_openat(AT_FDCWD, "../file", O_RDONLY, 0);
    check_eq("fchdir to a file", sys_fchdir((int)fd), -ENOTDIR);
    check_eq("close", sys_close((int)fd), 0);
    check_eq("fchdir of a bad fd", sys_fchdir(99), -EBADF);

    /* The cwd removed: getcwd fails, nothing can be made in it, / still works. */
    check_eq("mkdir gone", sys_mkdirat(AT_FDCWD, DIR "/gone", 0755), 0);
    check_eq("chdir gone", sys_chdir(DIR "/gone"), 0);
    check_eq("rmdir the cwd", sys_unlinkat(AT_FDCWD, DIR "/gone", AT_REMOVEDIR), 0);
    check_eq("getcwd of a removed directory", sys_getcwd(buf, sizeof(buf)), -ENOENT);
    check_eq("create in a removed directory",
             sys_openat(AT_FDCWD, "x", O_RDWR | O_CREAT, 0644), -ENOENT);
    check_eq("chdir /", sys_chdir("/"), 0);
}

static void remove_and_rename(void)
{
    struct stat st;

    check_eq("rmdir of a non-empty directory", sys_unlinkat(AT_FDCWD, DIR, AT_REMOVEDIR),
             -ENOTEMPTY);
    check_eq("rmdir of a file", sys_unlinkat(AT_FDCWD, DIR "/file", AT_REMOVEDIR), -ENOTDIR);
    check_eq("rmdir of .", sys_unlinkat(AT_FDCWD, DIR "/sub/.", AT_REMOVEDIR), -EINVAL);
    check_eq("rmdir of a missing one", sys_unlinkat(AT_FDCWD, DIR "/none", AT_REMOVEDIR), -ENOENT);
    check_eq("unlink of a directory", sys_unlinkat(AT_FDCWD, DIR "/sub", 0), -EISDIR);
    check_eq("unlink with a trailing slash", sys_unlinkat(AT_FDCWD, DIR "/file/", 0), -ENOTDIR);
    check_eq("unlinkat with bad flags", sys_unlinkat(AT_FDCWD, DIR "/file", 1), -EINVAL);

    check_eq("rename", sys_renameat2(AT_FDCWD, DIR "/file", AT_FDCWD, DIR "/sub/moved", 0), 0);
    check_true("old name gone", !exists(DIR "/file"), 0);
    check_true("new name there", exists(DIR "/sub/moved"), 0);
    make_file(DIR "/other");
    check_eq("RENAME_NOREPLACE over a file",
             sys_renameat2(AT_FDCWD, DIR "/other", AT_FDCWD, DIR "/sub/moved", RENAME_NOREPLACE),
             -EEXIST);
    check_eq("rename over a file",
             sys_renameat2(AT_FDCWD, DIR "/other", AT_FDCWD, DIR "/sub/moved", 0), 0);
    check_true("replaced", !exists(DIR "/other") && exists(DIR "/sub/moved"), 0);
    check_eq("a directory into itself",
             sys_renameat2(AT_FDCWD, DIR "/sub", AT_FDCWD, DIR "/sub/in", 0), -EINVAL);
    check_eq("a file over a directory",
             sys_renameat2(AT_FDCWD, DIR "/sub/moved", AT_FDCWD, DIR "/sub", 0), -EISDIR);
    check_eq("mkdir empty", sys_mkdirat(AT_FDCWD, DIR "/empty", 0755), 0);
    check_eq("a directory over a file",
             sys_renameat2(AT_FDCWD, DIR "/empty", AT_FDCWD, DIR "/sub/moved", 0), -ENOTDIR);
    check_eq("a directory over a full one",
             sys_renameat2(AT_FDCWD, DIR "/empty", AT_FDCWD, DIR "/sub", 0), -ENOTEMPTY);
    check_eq("rename of a missing file",
             sys_renameat2(AT_FDCWD, DIR "/none", AT_FDCWD, DIR "/x", 0), -ENOENT);
    check_eq("renameat2 with bad flags",
             sys_renameat2(AT_FDCWD, DIR "/empty", AT_FDCWD, DIR "/x", 4), -EINVAL);
    check_eq("rename a directory", sys_renameat2(AT_FDCWD, DIR "/empty", AT_FDCWD, DIR "/sub/e", 0),
             0);
    check_eq("stat sub", sys_newfstatat(AT_FDCWD, DIR "/sub", &st, 0), 0);
    check_eq("sub gained the moved directory's ..", st.st_nlink, 3);
    check_true(".. of the moved directory", exists(DIR "/sub/e/../moved"), 0);
    check_eq("rmdir e", sys_unlinkat(AT_FDCWD, DIR "/sub/e", AT_REMOVEDIR), 0);

    /* Hard links. */
    check_eq("link", sys_linkat(AT_FDCWD, DIR "/sub/moved", AT_FDCWD, DIR "/hard", 0), 0);
    check_eq("stat", sys_newfstatat(AT_FDCWD, DIR "/hard", &st, 0), 0);
    check_eq("two links", st.st_nlink, 2);
    check_eq("link over an existing name",
             sys_linkat(AT_FDCWD, DIR "/sub/moved", AT_FDCWD, DIR "/hard", 0), -EEXIST);
    check_eq("link of a directory", sys_linkat(AT_FDCWD, DIR "/sub", AT_FDCWD, DIR "/d2", 0),
             -EPERM);
    check_eq("link of a missing file", sys_linkat(AT_FDCWD, DIR "/none", AT_FDCWD, DIR "/x", 0),
             -ENOENT);
    check_eq("linkat with bad flags",
             sys_linkat(AT_FDCWD, DIR "/hard", AT_FDCWD, DIR "/x", 1), -EINVAL);
    check_eq("rename onto another name of the same file does nothing",
             sys_renameat2(AT_FDCWD, DIR "/hard", AT_FDCWD, DIR "/sub/moved", 0), 0);
    check_true("both names stay", exists(DIR "/hard") && exists(DIR "/sub/moved"), 0);
    check_eq("unlink hard", sys_unlinkat(AT_FDCWD, DIR "/hard", 0), 0);
    check_eq("unlink moved", sys_unlinkat(AT_FDCWD, DIR "/sub/moved", 0), 0);
}

static void symlinks(void)
{
    char buf[64];

    check_eq("readlink", sys_readlinkat(AT_FDCWD, DIR "/link", buf, sizeof(buf)), 4);
    check_eq("target", memcmp(buf, "file", 4), 0);
    check_eq("symlink over a name", sys_symlinkat("x", AT_FDCWD, DIR "/link"), -EEXIST);
    check_eq("empty target", sys_symlinkat("", AT_FDCWD, DIR "/e"), -ENOENT);
    check_eq("dangling link open", sys_openat(AT_FDCWD, DIR "/link", O_RDONLY, 0), -ENOENT);
    check_eq("loop", sys_symlinkat("loop", AT_FDCWD, DIR "/loop"), 0);
    check_eq("open of a loop", sys_openat(AT_FDCWD, DIR "/loop", O_RDONLY, 0), -ELOOP);
    check_eq("a path through a loop", sys_faccessat(AT_FDCWD, DIR "/loop/x", F_OK), -ELOOP);
    check_eq("link to a directory", sys_symlinkat("/t_dirs.d/sub", AT_FDCWD, DIR "/sl"), 0);
    check_true("through it", exists(DIR "/sl/."), 0);
    check_eq("unlink removes the link, not the target", sys_unlinkat(AT_FDCWD, DIR "/sl", 0), 0);
    check_true("target stays", exists(DIR "/sub"), 0);
    check_eq("readlink of a kernel address",
             sys_readlinkat(AT_FDCWD, KERNEL_ADDRESS, buf, sizeof(buf)), -EFAULT);
    check_eq("unlink loop", sys_unlinkat(AT_FDCWD, DIR "/loop", 0), 0);
    check_eq("unlink link", sys_unlinkat(AT_FDCWD, DIR "/link", 0), 0);
}

/* The *at() calls relative to a directory descriptor. */
static void at_calls(void)
{
    struct stat st;
    long dfd = sys_openat(AT_FDCWD, DIR, O_RDONLY | O_DIRECTORY, 0);
    check_true("open dir", dfd >= 0, dfd);
    long fd = sys_openat((int)dfd, "sub/f", O_RDWR | O_CREAT | O_EXCL, 0600);
    check_true("openat relative to a directory fd", fd >= 0, fd);
    check_true("made there", exists(DIR "/sub/f"), 0);
    check_eq("newfstatat relative", sys_newfstatat((int)dfd, "sub/f", &st, 0), 0);
    check_eq("mkdirat relative", sys_mkdirat((int)dfd, "d", 0755), 0);
    check_eq("symlinkat relative", sys_symlinkat("sub", (int)dfd, "s"), 0);
    check_eq("renameat2 relative", sys_renameat2((int)dfd, "s", (int)dfd, "s2", 0), 0);
    check_eq("linkat relative", sys_linkat((int)dfd, "sub/f", (int)dfd, "g", 0), 0);
    check_eq("a file as dirfd", sys_openat((int)fd, "x", O_RDONLY, 0), -ENOTDIR);
    check_eq("a bad dirfd", sys_openat(99, "x", O_RDONLY, 0), -EBADF);
    check_eq("absolute paths ignore dirfd", sys_faccessat(99, DIR "/g", F_OK), 0);
    check_eq("close f", sys_close((int)fd), 0);
    check_eq("unlinkat relative", sys_unlinkat((int)dfd, "sub/f", 0), 0);
    check_eq("unlinkat g", sys_unlinkat((int)dfd, "g", 0), 0);
    check_eq("unlinkat s2", sys_unlinkat((int)dfd, "s2", 0), 0);
    check_eq("rmdir d", sys_unlinkat((int)dfd, "d", AT_REMOVEDIR), 0);
    check_eq("close dir", sys_close((int)dfd), 0);
}

/* Every call that takes a path refuses a kernel address with EFAULT, and a component over
 * NAME_MAX with ENAMETOOLONG. */
static void bad_paths(void)
{
    static char longname[NAME_MAX + 8];
    struct stat st;
    char buf[8];

    check_eq("newfstatat", sys_newfstatat(AT_FDCWD, KERNEL_ADDRESS, &st, 0), -EFAULT);
    check_eq("newfstatat's buffer", sys_newfstatat(AT_FDCWD, DIR, KERNEL_ADDRESS, 0), -EFAULT);
    check_eq("faccessat", sys_faccessat(AT_FDCWD, KERNEL_ADDRESS, F_OK), -EFAULT);
    check_eq("unlinkat", sys_unlinkat(AT_FDCWD, KERNEL_ADDRESS, 0), -EFAULT);
    check_eq("renameat2 old", sys_renameat2(AT_FDCWD, KERNEL_ADDRESS, AT_FDCWD, DIR "/x", 0),
             -EFAULT);
    check_eq("renameat2 new", sys_renameat2(AT_FDCWD, DIR "/sub", AT_FDCWD, KERNEL_ADDRESS, 0),
             -EFAULT);
    check_eq("linkat", sys_linkat(AT_FDCWD, KERNEL_ADDRESS, AT_FDCWD, DIR "/x", 0), -EFAULT);
    check_eq("symlinkat target", sys_symlinkat(KERNEL_ADDRESS, AT_FDCWD, DIR "/x"), -EFAULT);
    check_eq("symlinkat path", sys_symlinkat("x", AT_FDCWD, KERNEL_ADDRESS), -EFAULT);
    check_eq("chdir", sys_chdir(KERNEL_ADDRESS), -EFAULT);
    check_eq("fchmodat", sys_fchmodat(AT_FDCWD, KERNEL_ADDRESS, 0644), -EFAULT);
    check_eq("readlinkat's buffer", sys_readlinkat(AT_FDCWD, "/init", KERNEL_ADDRESS, 8), -EFAULT);
    memset(longname, 'n', NAME_MAX + 1);
    longname[NAME_MAX + 1] = '\0';
    check_eq("mkdirat, a long name", sys_mkdirat(AT_FDCWD, longname, 0755), -ENAMETOOLONG);
    check_eq("newfstatat, a long name", sys_newfstatat(AT_FDCWD, longname, &st, 0),
             -ENAMETOOLONG);
    check_eq("chdir, a long name", sys_chdir(longname), -ENAMETOOLONG);
    check_eq("readlinkat, a long name", sys_readlinkat(AT_FDCWD, longname, buf, sizeof(buf)),
             -ENAMETOOLONG);
    longname[NAME_MAX] = '\0';   /* exactly NAME_MAX: allowed */
    check_eq("newfstatat, NAME_MAX bytes", sys_newfstatat(AT_FDCWD, longname, &st, 0), -ENOENT);
}

int main(void)
{
    check_eq("umask", sys_umask(022), 022);
    check_eq("umask returns the old value", sys_umask(022), 022);
    make_dirs();
    read_dirs();
    cwd();
    remove_and_rename();
    symlinks();
    at_calls();
    bad_paths();
    check_eq("rmdir sub", sys_unlinkat(AT_FDCWD, DIR "/sub", AT_REMOVEDIR), 0);
    check_eq("rmdir", sys_unlinkat(AT_FDCWD, DIR, AT_REMOVEDIR), 0);
    check_true("gone", !exists(DIR), 0);
    return 0;
}
