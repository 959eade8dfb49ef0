/* /proc: a second file system (its own st_dev and statfs type, EXDEV across, its names
 * fixed), self, exe and fd/, the per-process stat, status, cmdline, comm and maps parsed
 * as ps and top parse them, the machine's meminfo, uptime, loadavg, cpuinfo, stat, mounts,
 * version, filesystems and sys/vm/mmap_min_addr, and getdents64 listing the pids as they come and go. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syscall.h>
#include <unistd.h>

#include "abi/mman.h"
#include "abi/statfs.h"
#include "testlib.h"

static char text[16384];

/* Reads the whole of path into text (NUL-terminated) in small pieces; returns the length. */
static long slurp(const char *path)
{
    int fd = (int)sys_openat(AT_FDCWD, path, O_RDONLY, 0);
    long len = 0, n;
    check_true(path, fd >= 0, fd);
    while ((n = sys_read(fd, text + len, 100)) > 0 && len + n < (long)sizeof(text) - 100)
        len += n;
    check_true("read", n >= 0, n);
    check_eq("close", sys_close(fd), 0);
    text[len] = '\0';
    return len;
}

static const char *find(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!memcmp(hay, needle, n))
            return hay;
    return NULL;
}

static void check_has(const char *what, const char *needle)
{
    check_true(what, find(text, needle) != NULL, 0);
}

static unsigned long number_at(const char *s)
{
    unsigned long v = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    check_true("digit", *s >= '0' && *s <= '9', *s);
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

/* The value of a "Name:   value kB" line of meminfo or status. */
static unsigned long field(const char *name)
{
    const char *p = find(text, name);
    check_true(name, p != NULL, 0);
    return number_at(p + strlen(name));
}

static void file_system(void)
{
    struct stat root, proc;
    struct statfs sf;
    check_eq("stat /", sys_newfstatat(AT_FDCWD, "/", &root, 0), 0);
    check_eq("stat /proc", sys_newfstatat(AT_FDCWD, "/proc", &proc, 0), 0);
    check_true("own device", proc.st_dev != root.st_dev, (long)proc.st_dev);
    check_eq("statfs", syscall6(SYS_statfs, (long)"/proc/meminfo", (long)&sf, 0, 0, 0, 0), 0);
    check_eq("f_type", sf.f_type, 0x9fa0);
    check_eq("nosuid nodev noexec", sf.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC),
             ST_NOSUID | ST_NODEV | ST_NOEXEC);
    check_eq("rename across", sys_renameat2(AT_FDCWD, "/proc/meminfo", AT_FDCWD, "/m", 0), -EXDEV);
    check_eq("link across", sys_linkat(AT_FDCWD, "/proc/meminfo", AT_FDCWD, "/m", 0), -EXDEV);
    check_eq("create", sys_openat(AT_FDCWD, "/proc/new", O_CREAT | O_WRONLY, 0644), -EACCES);
    check_eq("mkdir", sys_mkdirat(AT_FDCWD, "/proc/new", 0755), -EPERM);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, "/proc/meminfo", 0), -EPERM);
    check_eq("rmdir mount point", sys_unlinkat(AT_FDCWD, "/proc", AT_REMOVEDIR), -EBUSY);
    check_eq("missing", sys_openat(AT_FDCWD, "/proc/none", O_RDONLY, 0), -ENOENT);
    int fd = (int)sys_openat(AT_FDCWD, "/proc/meminfo", O_WRONLY, 0);
    check_true("open for writing", fd >= 0, fd);
    check_eq("write", sys_write(fd, "x", 1), -EIO);
    check_eq("close", sys_close(fd), 0);
    /* ".." of /proc is /, and getcwd names /proc. */
    char cwd[64];
    check_eq("chdir", sys_chdir("/proc"), 0);
    check_eq("getcwd", sys_getcwd(cwd, sizeof(cwd)), 6);
    check_eq("cwd", strcmp(cwd, "/proc"), 0);
    check_eq("chdir ..", sys_chdir(".."), 0);
    check_eq("getcwd /", sys_getcwd(cwd, sizeof(cwd)), 2);
}

static void self_files(char **argv)
{
    char buf[64], want[32];
    long pid = sys_getpid();
    snprintf(want, sizeof(want), "%ld", pid);
    long n = sys_readlinkat(AT_FDCWD, "/proc/self", buf, sizeof(buf));
    check_eq("self length", n, (long)strlen(want));
    check_eq("self", memcmp(buf, want, (size_t)n), 0);
    n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, sizeof(buf) - 1);
    check_true("exe", n > 0, n);
    buf[n] = '\0';
    check_true("exe is t_proc", buf[0] == '/' && find(buf, "t_proc") != NULL, n);

    /* stat: "pid (comm) state ppid pgrp ..." with 52 fields, vsize and rss not zero. */
    slurp("/proc/self/stat");
    check_eq("stat pid", (long)number_at(text), pid);
    check_true("stat comm", find(text, " (t_proc) R ") != NULL, 0);
    const char *p = find(text, ") ") + 2;
    long fields = 2;
    unsigned long values[60];
    while (*p && *p != '\n' && fields < 60) {
        fields++;
        if (fields >= 4)
            values[fields] = *p == '-' ? 0 : number_at(p);
        while (*p && *p != ' ' && *p != '\n')
            p++;
        if (*p == ' ')
            p++;
    }
    check_eq("stat fields", fields, 52);
    check_eq("stat ppid", (long)values[4], sys_getppid());
    check_eq("stat pgrp", (long)values[5], sys_getpgid(0));
    check_true("stat vsize", values[23] > 8 * 1024 * 1024, (long)values[23]);
    check_true("stat rss", values[24] > 0, (long)values[24]);

    slurp("/proc/self/status");
    check_has("status name", "Name:\tt_proc\n");
    check_has("status state", "State:\tR (running)\n");
    snprintf(buf, sizeof(buf), "\nPid:\t%ld\n", pid);
    check_has("status pid", buf);
    snprintf(buf, sizeof(buf), "\nPPid:\t%ld\n", sys_getppid());
    check_has("status ppid", buf);
    check_has("status uid", "Uid:\t0\t0\t0\t0\n");
    check_true("VmSize", field("VmSize:") * 1024 == values[23], (long)field("VmSize:"));
    check_true("VmRSS", field("VmRSS:") > 0, 0);
    check_eq("VmLck", (long)field("VmLck:"), 0);
    check_eq("Threads", (long)field("Threads:"), 1);

    slurp("/proc/self/comm");
    check_eq("comm", strcmp(text, "t_proc\n"), 0);

    /* cmdline: argv, each string with its NUL. */
    n = slurp("/proc/self/cmdline");
    long at = 0;
    for (int i = 0; argv[i]; i++) {
        check_eq("cmdline arg", strcmp(text + at, argv[i]), 0);
        at += (long)strlen(argv[i]) + 1;
    }
    check_eq("cmdline length", n, at);
}

/* /proc/self/fd: a link per descriptor to the file's path, or pipe:[ino]. */
static void fds(void)
{
    char buf[64], path[32];
    int p[2];
    int fd = (int)sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0);
    check_true("open", fd >= 0, fd);
    check_eq("pipe", sys_pipe2(p, 0), 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    long n = sys_readlinkat(AT_FDCWD, path, buf, sizeof(buf));
    check_eq("fd link length", n, 9);
    check_eq("fd link", memcmp(buf, "/dev/null", 9), 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
    n = sys_readlinkat(AT_FDCWD, path, buf, sizeof(buf));
    check_true("pipe link", n > 7 && !memcmp(buf, "pipe:[", 6) && buf[n - 1] == ']', n);
    n = sys_readlinkat(AT_FDCWD, "/proc/self/fd/0", buf, sizeof(buf));
    check_true("fd 0", n == 12 && !memcmp(buf, "/dev/console", 12), n);
    /* Opening the link opens the file itself. */
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    int again = (int)sys_openat(AT_FDCWD, path, O_RDONLY, 0);
    check_true("open through fd link", again >= 0, again);
    check_eq("read /dev/null", sys_read(again, buf, 1), 0);
    check_eq("close", sys_close(again), 0);
    check_eq("close", sys_close(fd), 0);
    check_eq("closed fd gone", sys_readlinkat(AT_FDCWD, path, buf, sizeof(buf)), -ENOENT);
    check_eq("close", sys_close(p[0]), 0);
    check_eq("close", sys_close(p[1]), 0);
}

/* Whether a line of text has `fields` and ends in `name`. */
static int line_named(const char *fields, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = find(text, fields); p; p = find(p + 1, fields)) {
        const char *end = find(p, "\n");
        if (end && end - p >= (long)len && memcmp(end - len, name, len) == 0)
            return 1;
    }
    return 0;
}

static void maps(void)
{
    long brk = sys_brk(0);
    check_true("brk", sys_brk((unsigned long)brk + 8192) > brk, brk);
    /* A second, shared mapping of the program's own file at its second page. */
    int fd = (int)sys_openat(AT_FDCWD, "/bin/t_proc", O_RDONLY, 0);
    check_true("open own file", fd >= 0, fd);
    long shared = sys_mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096);
    check_true("mmap own file shared", shared > 0, shared);
    check_eq("close", sys_close(fd), 0);
    long n = slurp("/proc/self/maps");
    check_true("maps", n > 0, n);
    check_has("heap", " [heap]\n");
    check_has("stack", " [stack]\n");
    /* The text comes from the file (its device, inode and path), and so does the shared
     * range; the sigreturn page is named as ARM Linux names its own. */
    check_true("text from /bin/t_proc", line_named(" r-xp 00000000 00:", " /bin/t_proc"), 0);
    check_true("shared range of /bin/t_proc at 4096",
               line_named(" r--s 00001000 00:", " /bin/t_proc"), 0);
    check_true("sigreturn page", line_named(" r-xp 00000000 00:00 0 ", " [sigpage]"), 0);
    check_eq("munmap", sys_munmap((void *)shared, 4096), 0);
    /* Each line: start-end perms offset dev inode, start below end. */
    for (const char *p = text; *p; p = find(p, "\n") + 1) {
        unsigned long start = 0, end = 0;
        while (*p != '-') {
            start = start * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
            p++;
        }
        for (p++; *p != ' '; p++)
            end = end * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        check_true("range", start < end, (long)start);
        check_true("perms", p[4] == 'p' || p[4] == 's', p[4]);
    }
    /* A named line has its name at column 74, as Linux pads it. */
    const char *heap = find(text, "[heap]");
    const char *line = heap;
    while (line > text && line[-1] != '\n')
        line--;
    check_eq("name column", heap - line, 73);
}

static void machine(void)
{
    slurp("/proc/meminfo");
    check_eq("meminfo first", memcmp(text, "MemTotal:       ", 16), 0);
    check_has("kB", " kB\n");
    unsigned long total = field("MemTotal:"), free = field("MemFree:");
    check_true("MemTotal", total > 1024, (long)total);
    check_true("MemFree", free > 0 && free <= total, (long)free);
    check_true("MemAvailable", field("MemAvailable:") <= total, 0);
    check_eq("SwapTotal", (long)field("SwapTotal:"), 0);
    check_eq("SwapFree", (long)field("SwapFree:"), 0);
    unsigned long cached = field("Cached:");
    /* File data counts as Cached. */
    int fd = (int)sys_openat(AT_FDCWD, "/t_proc.tmp", O_CREAT | O_RDWR, 0644);
    check_true("create", fd >= 0, fd);
    check_eq("grow", sys_pwrite64(fd, "x", 1, 64 * 1024 - 1), 1);
    check_eq("fill", sys_pwrite64(fd, text, 4096, 0), 4096);
    slurp("/proc/meminfo");
    check_eq("Cached grew", (long)(field("Cached:") - cached), 8);
    check_eq("close", sys_close(fd), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, "/t_proc.tmp", 0), 0);

    slurp("/proc/uptime");
    const char *p = text;
    number_at(p);
    p = find(p, ".");
    check_true("uptime format", p && p[3] == ' ' && find(text, "\n") != NULL, 0);
    slurp("/proc/loadavg");
    check_eq("loadavg", memcmp(text, "0.00 0.00 0.00 ", 15), 0);
    check_true("loadavg running", number_at(text + 15) >= 1, 0);
    slurp("/proc/cpuinfo");
    check_eq("cpuinfo", memcmp(text, "processor\t: 0\nhart\t\t: ", 22), 0);
    check_has("isa", "isa\t\t: rv64");
    check_has("mmu", "mmu\t\t: sv39\n");
    slurp("/proc/stat");
    check_eq("stat cpu", memcmp(text, "cpu  ", 5), 0);
    check_has("btime", "\nbtime ");
    slurp("/proc/mounts");
    check_has("mounts", "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
    slurp("/proc/version");
    check_true("version", find(text, " version ") != NULL, 0);
    slurp("/proc/filesystems");
    check_has("filesystems", "nodev\tproc\n");
    slurp("/proc/sys/vm/mmap_min_addr");   /* read by Linux's mremap_test */
    check_eq("mmap_min_addr", strcmp(text, "65536\n"), 0);
}

/* Whether getdents64 on /proc lists name. */
static int listed(const char *name)
{
    char buf[4096];
    int found = 0;
    long n;
    int fd = (int)sys_openat(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0);
    check_true("open /proc", fd >= 0, fd);
    while ((n = sys_getdents64(fd, buf, sizeof(buf))) > 0)
        for (long at = 0; at < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + at);
            found |= !strcmp(d->d_name, name);
            at += d->d_reclen;
        }
    check_eq("getdents64", n, 0);
    check_eq("close", sys_close(fd), 0);
    return found;
}

static void pids(void)
{
    char name[16], path[48];
    int p[2];
    snprintf(name, sizeof(name), "%ld", sys_getpid());
    check_true("own pid listed", listed(name), 0);
    check_true("self listed", listed("self"), 0);
    check_true("meminfo listed", listed("meminfo"), 0);
    check_eq("pipe", sys_pipe2(p, 0), 0);
    long pid = fork();
    if (pid == 0) {
        char c;
        sys_read(p[0], &c, 1);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    snprintf(name, sizeof(name), "%ld", pid);
    check_true("child listed", listed(name), 0);
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    slurp(path);
    check_eq("child pid", (long)number_at(text), pid);
    check_true("child comm", find(text, " (t_proc) ") != NULL, 0);
    check_eq("wake child", sys_write(p[1], "x", 1), 1);
    check_exited_with("child", wait_status("wait", pid, 0), 0);
    check_true("child gone", !listed(name), 0);
    check_eq("child stat gone", sys_openat(AT_FDCWD, path, O_RDONLY, 0), -ENOENT);
    check_eq("close", sys_close(p[0]), 0);
    check_eq("close", sys_close(p[1]), 0);
}

int main(int argc, char **argv)
{
    (void)argc;
    file_system();
    self_files(argv);
    fds();
    maps();
    machine();
    pids();
    return 0;
}
