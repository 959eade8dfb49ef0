/* getrlimit, setrlimit, prlimit64: limits are read and written, checked (soft above hard is
 * EINVAL, an unknown resource EINVAL, RLIMIT_NOFILE above the table EPERM, an unknown pid
 * ESRCH, bad pointers EFAULT), inherited by fork and kept by exec, and enforced:
 * RLIMIT_NOFILE (EMFILE from open, dup, pipe; dup3 and F_DUPFD at or past it), RLIMIT_NPROC
 * (fork EAGAIN), RLIMIT_AS (mmap ENOMEM, brk refused), RLIMIT_DATA (private writable mmap
 * and brk, not shared or read-only memory), RLIMIT_STACK (the stack of an exec'd program
 * ends at the limit). RLIMIT_MEMLOCK does not limit root, as on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define STACK_FLAG "--stack"
#define SMALL_STACK (256UL << 10)
#define MB (1UL << 20)

static long getrlimit(int r, struct rlimit *l)
{
    return syscall6(SYS_getrlimit, r, (long)l, 0, 0, 0, 0);
}

static long setrlimit(int r, unsigned long cur, unsigned long max)
{
    struct rlimit l = { cur, max };
    return syscall6(SYS_setrlimit, r, (long)&l, 0, 0, 0, 0);
}

static long prlimit(int pid, int r, const struct rlimit *new, struct rlimit *old)
{
    return syscall6(SYS_prlimit64, pid, r, (long)new, (long)old, 0, 0);
}

static unsigned long soft(int r)
{
    struct rlimit l;
    check_eq("getrlimit", getrlimit(r, &l), 0);
    return l.rlim_cur;
}

static void checks_and_defaults(void)
{
    struct rlimit l, old;
    check_eq("getrlimit RLIMIT_NOFILE", getrlimit(RLIMIT_NOFILE, &l), 0);
    check_eq("descriptor limit", l.rlim_cur, 256);
    check_eq("stack limit", soft(RLIMIT_STACK), 8 * MB);
    check_eq("soft above hard", setrlimit(RLIMIT_CORE, 10, 5), -EINVAL);
    check_eq("unknown resource", getrlimit(RLIM_NLIMITS, &l), -EINVAL);
    check_eq("RLIMIT_NOFILE above the table", setrlimit(RLIMIT_NOFILE, 256, 1 << 20), -EPERM);
    check_eq("unknown pid", prlimit(99999, RLIMIT_CORE, NULL, &l), -ESRCH);
    check_eq("bad old pointer", getrlimit(RLIMIT_CORE, (struct rlimit *)16), -EFAULT);
    check_eq("bad new pointer", syscall6(SYS_setrlimit, RLIMIT_CORE, 16, 0, 0, 0, 0), -EFAULT);
    struct rlimit core = { 0, RLIM_INFINITY };
    check_eq("prlimit64 sets and returns the old value",
             prlimit((int)sys_getpid(), RLIMIT_CORE, &core, &old), 0);
    check_eq("the old soft limit", old.rlim_cur, RLIM_INFINITY);
    check_eq("RLIMIT_CORE 0 is kept", soft(RLIMIT_CORE), 0);
}

static void nofile(void)
{
    check_eq("setrlimit RLIMIT_NOFILE 6", setrlimit(RLIMIT_NOFILE, 6, 6), 0);
    int fds[2];
    check_eq("pipe takes 3 and 4", sys_pipe2(fds, 0), 0);
    check_eq("dup takes 5", sys_dup(0), 5);
    check_eq("dup past the limit", sys_dup(0), -EMFILE);
    check_eq("open past the limit", sys_openat(AT_FDCWD, "/", O_RDONLY, 0), -EMFILE);
    check_eq("close", sys_close(5), 0);
    check_eq("pipe with one free", sys_pipe2(fds, 0), -EMFILE);
    check_eq("dup3 to the limit", sys_dup3(0, 6, 0), -EBADF);
    check_eq("F_DUPFD at the limit", sys_fcntl(0, F_DUPFD, 6), -EINVAL);
    check_eq("raising it back (root)", setrlimit(RLIMIT_NOFILE, 256, 256), 0);
    check_eq("dup3 to 100", sys_dup3(0, 100, 0), 100);
}

static void nproc(void)
{
    check_eq("setrlimit RLIMIT_NPROC 1", setrlimit(RLIMIT_NPROC, 1, 1), 0);
    check_eq("fork past RLIMIT_NPROC", fork(), -EAGAIN);
}

static void address_space(void)
{
    check_eq("setrlimit RLIMIT_AS 64 MiB", setrlimit(RLIMIT_AS, 64 * MB, 64 * MB), 0);
    check_eq("mmap past RLIMIT_AS", sys_mmap(NULL, 64 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
                                             -1, 0), -ENOMEM);
    long a = sys_mmap(NULL, 16 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_true("mmap within it", a > 0, a);
    long brk = sys_brk(0);
    check_eq("brk past RLIMIT_AS keeps the old break", sys_brk((unsigned long)brk + 64 * MB), brk);
}

static void data(void)
{
    check_eq("setrlimit RLIMIT_DATA 1 MiB", setrlimit(RLIMIT_DATA, MB, MB), 0);
    int rw = PROT_READ | PROT_WRITE;
    check_eq("private writable mmap past RLIMIT_DATA",
             sys_mmap(NULL, 4 * MB, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -ENOMEM);
    long a = sys_mmap(NULL, 4 * MB, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check_true("shared memory is not data", a > 0, a);
    a = sys_mmap(NULL, 4 * MB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_true("read-only memory is not data", a > 0, a);
    long brk = sys_brk(0);
    check_eq("brk past RLIMIT_DATA keeps the old break", sys_brk((unsigned long)brk + 2 * MB), brk);
}

static void memlock_does_not_bind_root(void)
{
    check_eq("setrlimit RLIMIT_MEMLOCK 0", setrlimit(RLIMIT_MEMLOCK, 0, 0), 0);
    void *m = map_anon(4 * PAGE_SIZE);
    check_eq("root may mlock anyway", syscall6(SYS_mlock, (long)m, 4 * PAGE_SIZE, 0, 0, 0, 0), 0);
}

static void inherited(void)
{
    check_eq("the parent's RLIMIT_CORE reached the child", soft(RLIMIT_CORE), 0);
}

/* The exec'd program: the limit came through exec; the stack ends at it. */
static int small_stack(void)
{
    check_eq("RLIMIT_STACK after exec", soft(RLIMIT_STACK), SMALL_STACK);
    volatile char here = 0;
    unsigned long deep = (unsigned long)&here - SMALL_STACK - 64 * 1024;
    *(volatile char *)deep = 1;
    return 1;
}

static char *self;
static void exec_with_small_stack(void)
{
    char *args[] = { self, STACK_FLAG, NULL }, *env[] = { NULL };
    check_eq("setrlimit RLIMIT_STACK", setrlimit(RLIMIT_STACK, SMALL_STACK, RLIM_INFINITY), 0);
    sys_execve(self, args, env);
    fail("execve");
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], STACK_FLAG) == 0)
        return small_stack();
    self = argc > 1 ? argv[1] : "/bin/t_rlimit";
    checks_and_defaults();
    check_exited_with("inherited by fork", run_in_child(inherited), 0);
    check_exited_with("RLIMIT_NOFILE", run_in_child(nofile), 0);
    check_exited_with("RLIMIT_NPROC", run_in_child(nproc), 0);
    check_exited_with("RLIMIT_AS", run_in_child(address_space), 0);
    check_exited_with("RLIMIT_DATA", run_in_child(data), 0);
    check_exited_with("RLIMIT_MEMLOCK", run_in_child(memlock_does_not_bind_root), 0);
    expect_killed_by("a stack past RLIMIT_STACK", exec_with_small_stack, SIGSEGV);
    return 0;
}
