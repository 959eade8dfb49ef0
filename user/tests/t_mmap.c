/* mmap semantics and errors, as Linux defines them (man 2 mmap). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define GIB (1024UL * 1024 * 1024)
/* Instruction words (RV64I). */
#define INSN_LI_A0(v) (0x00000513u | ((uint32_t)(v) << 20))   /* addi a0, zero, v */
#define INSN_RET 0x00008067u                                   /* jalr zero, 0(ra) */

static long map(void *hint, unsigned long length, int prot, int flags)
{
    return sys_mmap(hint, length, prot, flags, -1, 0);
}

static void check_zero(const char *what, const unsigned char *p, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        check_eq(what, p[i], 0);
}

/* A 1-byte mapping covers its whole page, which starts zeroed. */
static void length_rounds_up(void)
{
    long addr = map(NULL, 1, RW, ANON);
    check_true("mmap of 1 byte", addr > 0, addr);
    check_eq("mmap result is page aligned", addr % (long)PAGE_SIZE, 0);

    unsigned char *p = (unsigned char *)addr;
    check_zero("fresh page reads zero", p, PAGE_SIZE);
    p[0] = 1;
    p[PAGE_SIZE - 1] = 2;
    check_eq("first byte of a 1-byte mapping", p[0], 1);
    check_eq("last byte of the page of a 1-byte mapping", p[PAGE_SIZE - 1], 2);
    check_eq("munmap of a 1-byte mapping", sys_munmap(p, 1), 0);
}

/* A hint is used when that range is free, and ignored (not an error) when it is taken. */
static void hints(void)
{
    long free_spot = map(NULL, 4 * PAGE_SIZE, RW, ANON);
    check_true("mmap to find a free range", free_spot > 0, free_spot);
    check_eq("munmap to free the range", sys_munmap((void *)free_spot, 4 * PAGE_SIZE), 0);

    long hinted = map((void *)free_spot, 4 * PAGE_SIZE, RW, ANON);
    check_eq("mmap honours a free hint", hinted, free_spot);
    *(volatile int *)hinted = 42;

    long other = map((void *)free_spot, PAGE_SIZE, RW, ANON);
    check_true("mmap with a taken hint still succeeds", other > 0, other);
    check_true("mmap with a taken hint returns a range outside the taken one",
               other + (long)PAGE_SIZE <= free_spot || other >= free_spot + 4 * (long)PAGE_SIZE,
               other);
    check_eq("taken range keeps its data", *(volatile int *)hinted, 42);
    check_eq("munmap hinted", sys_munmap((void *)hinted, 4 * PAGE_SIZE), 0);
    check_eq("munmap other", sys_munmap((void *)other, PAGE_SIZE), 0);
}

/* MAP_FIXED replaces what was there: the new page reads zero. */
static void fixed(void)
{
    unsigned char *p = map_anon(2 * PAGE_SIZE);
    p[0] = 7;
    p[PAGE_SIZE] = 8;

    long again = map(p, PAGE_SIZE, RW, ANON | MAP_FIXED);
    check_eq("MAP_FIXED maps at the address", again, (long)p);
    check_eq("MAP_FIXED replaced the old page (reads zero)", p[0], 0);
    check_eq("MAP_FIXED left the next page alone", p[PAGE_SIZE], 8);
    check_eq("munmap", sys_munmap(p, 2 * PAGE_SIZE), 0);
}

/* MAP_FIXED_NOREPLACE maps at the address only if nothing is there (Linux 4.17+). Last in
 * the test because qemu-user 7.2 treats the flag as a mere hint. */
static void fixed_noreplace(void)
{
    /* Two pages found free first: the page above a lone mapping may be taken. */
    unsigned char *p = map_anon(2 * PAGE_SIZE);

    check_eq("MAP_FIXED_NOREPLACE over a mapping",
             map(p, PAGE_SIZE, RW, ANON | MAP_FIXED_NOREPLACE), -EEXIST);
    check_eq("munmap", sys_munmap(p, 2 * PAGE_SIZE), 0);
    check_eq("MAP_FIXED_NOREPLACE on a free range",
             map(p, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED_NOREPLACE), (long)p);
    check_eq("MAP_FIXED_NOREPLACE partly over a mapping",
             map(p + PAGE_SIZE, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED_NOREPLACE), -EEXIST);
    check_eq("munmap", sys_munmap(p, 2 * PAGE_SIZE), 0);
}

static volatile unsigned char *guard;

static void touch_guard(void)
{
    (void)*guard;
}

static void prot_none_guard(void)
{
    long addr = map(NULL, PAGE_SIZE, PROT_NONE, ANON);
    check_true("mmap PROT_NONE", addr > 0, addr);
    guard = (volatile unsigned char *)addr;
    expect_killed_by("reading a PROT_NONE page", touch_guard, SIGSEGV);
    check_eq("write(2) from a PROT_NONE page", sys_write(1, (void *)addr, 8), -EFAULT);
    check_eq("munmap PROT_NONE", sys_munmap((void *)addr, PAGE_SIZE), 0);

    /* A page with contents, made PROT_NONE: not even the kernel reads it for the program. */
    unsigned char *p = map_anon(PAGE_SIZE);
    p[0] = 'x';
    check_eq("mprotect PROT_NONE", sys_mprotect(p, PAGE_SIZE, PROT_NONE), 0);
    check_eq("write(2) from a page made PROT_NONE", sys_write(1, p, 1), -EFAULT);
    check_eq("mprotect back to read/write", sys_mprotect(p, PAGE_SIZE, RW), 0);
    check_eq("contents kept across PROT_NONE", p[0], 'x');
    check_eq("munmap", sys_munmap(p, PAGE_SIZE), 0);
}

/* The first touch of guard's page is a read, in a child: it must get through. */
static void expect_readable(const char *what)
{
    check_exited_with(what, run_in_child(touch_guard), 0);
}

static void make_pipe(int fds[2])
{
    check_eq("pipe2", sys_pipe2(fds, 0), 0);
}

/* Write implies read, as on Linux riscv (protection_map in arch/riscv/mm/init.c): the
 * privileged spec reserves leaves that are writable but not readable, so PROT_WRITE and
 * PROT_WRITE | PROT_EXEC memory is readable, by the program and by system calls. */
static void write_implies_read(void)
{
    int fds[2];
    char buf[8];
    make_pipe(fds);

    long addr = map(NULL, 2 * PAGE_SIZE, PROT_WRITE, ANON);
    check_true("mmap PROT_WRITE", addr > 0, addr);
    unsigned char *p = (unsigned char *)addr;
    guard = p;
    expect_readable("a read as the first touch of PROT_WRITE memory");
    check_zero("fresh PROT_WRITE page reads zero", p, PAGE_SIZE);
    p[0] = 'w';
    p[1] = 'o';
    check_eq("PROT_WRITE memory reads back what was written", p[1], 'o');
    check_eq("write(2) from PROT_WRITE memory", sys_write(fds[1], p, 2), 2);
    check_eq("write(2) from an untouched PROT_WRITE page", sys_write(fds[1], p + PAGE_SIZE, 2), 2);
    check_eq("read the pipe", sys_read(fds[0], buf, 4), 4);
    check_true("the pipe carries PROT_WRITE memory",
               buf[0] == 'w' && buf[1] == 'o' && buf[2] == 0 && buf[3] == 0, buf[0]);
    check_eq("munmap PROT_WRITE", sys_munmap(p, 2 * PAGE_SIZE), 0);

    addr = map(NULL, PAGE_SIZE, PROT_WRITE | PROT_EXEC, ANON);
    check_true("mmap PROT_WRITE | PROT_EXEC", addr > 0, addr);
    guard = (unsigned char *)addr;
    expect_readable("a read as the first touch of PROT_WRITE | PROT_EXEC memory");
    check_eq("write(2) from PROT_WRITE | PROT_EXEC memory", sys_write(fds[1], (void *)addr, 1), 1);
    check_eq("read the pipe", sys_read(fds[0], buf, 1), 1);
    check_eq("fresh PROT_WRITE | PROT_EXEC memory is zero", buf[0], 0);
    check_eq("munmap PROT_WRITE | PROT_EXEC", sys_munmap((void *)addr, PAGE_SIZE), 0);

    /* mprotect gives the same. */
    unsigned char *q = map_anon(PAGE_SIZE);
    q[0] = 'm';
    check_eq("mprotect PROT_WRITE", sys_mprotect(q, PAGE_SIZE, PROT_WRITE), 0);
    check_eq("a page made PROT_WRITE reads", q[0], 'm');
    check_eq("write(2) from a page made PROT_WRITE", sys_write(fds[1], q, 1), 1);
    check_eq("mprotect PROT_WRITE | PROT_EXEC", sys_mprotect(q, PAGE_SIZE, PROT_WRITE | PROT_EXEC),
             0);
    check_eq("a page made PROT_WRITE | PROT_EXEC reads", q[0], 'm');
    check_eq("write(2) from a page made PROT_WRITE | PROT_EXEC", sys_write(fds[1], q, 1), 1);
    check_eq("read the pipe", sys_read(fds[0], buf, 2), 2);
    check_true("the pipe carries both", buf[0] == 'm' && buf[1] == 'm', buf[0]);
    check_eq("munmap", sys_munmap(q, PAGE_SIZE), 0);
    check_eq("close", sys_close(fds[0]), 0);
    check_eq("close", sys_close(fds[1]), 0);
}

/* Stores to instructions reach this hart's instruction fetch only after fence.i (the user
 * architecture here has no Zifencei mnemonic: its encoding). */
static void fence_i(void)
{
    __asm__ volatile(".word 0x0000100f" ::: "memory");
}

/* Exec does not imply read: Linux riscv maps PROT_EXEC alone to PAGE_EXEC, X only, so the
 * program runs such memory but neither it nor a system call reads it. */
static void exec_only(void)
{
    int fds[2];
    make_pipe(fds);

    volatile uint32_t *code = map_anon(PAGE_SIZE);
    code[0] = INSN_LI_A0(42);
    code[1] = INSN_RET;
    check_eq("mprotect PROT_EXEC", sys_mprotect((void *)code, PAGE_SIZE, PROT_EXEC), 0);
    fence_i();
    /* Converting a data pointer to a function pointer: running it is the point here. */
    int (*fn)(void) = (int (*)(void))(uintptr_t)code;
    check_eq("PROT_EXEC memory runs", fn(), 42);
    guard = (volatile unsigned char *)code;
    expect_killed_by("reading PROT_EXEC memory", touch_guard, SIGSEGV);
    check_eq("write(2) from PROT_EXEC memory", sys_write(fds[1], (void *)code, 4), -EFAULT);
    check_eq("munmap", sys_munmap((void *)code, PAGE_SIZE), 0);

    long addr = map(NULL, PAGE_SIZE, PROT_EXEC, ANON);
    check_true("mmap PROT_EXEC", addr > 0, addr);
    guard = (volatile unsigned char *)addr;
    expect_killed_by("a read as the first touch of PROT_EXEC memory", touch_guard, SIGSEGV);
    check_eq("write(2) from fresh PROT_EXEC memory", sys_write(fds[1], (void *)addr, 1), -EFAULT);
    check_eq("munmap PROT_EXEC", sys_munmap((void *)addr, PAGE_SIZE), 0);
    check_eq("close", sys_close(fds[0]), 0);
    check_eq("close", sys_close(fds[1]), 0);
}

static void populate_noreserve_stack(void)
{
    long addr = map(NULL, 8 * PAGE_SIZE, RW, ANON | MAP_POPULATE);
    check_true("mmap MAP_POPULATE", addr > 0, addr);
    unsigned char *p = (unsigned char *)addr;
    check_zero("populated pages read zero", p, 8 * PAGE_SIZE);
    p[5 * PAGE_SIZE + 3] = 9;
    check_eq("populated page writable", p[5 * PAGE_SIZE + 3], 9);
    check_eq("munmap populated", sys_munmap(p, 8 * PAGE_SIZE), 0);

    addr = map(NULL, 4 * PAGE_SIZE, RW, ANON | MAP_NORESERVE);
    check_true("mmap MAP_NORESERVE", addr > 0, addr);
    check_eq("munmap noreserve", sys_munmap((void *)addr, 4 * PAGE_SIZE), 0);

    addr = map(NULL, 4 * PAGE_SIZE, RW, ANON | MAP_STACK);
    check_true("mmap MAP_STACK", addr > 0, addr);
    ((unsigned char *)addr)[4 * PAGE_SIZE - 1] = 1;
    check_eq("munmap stack", sys_munmap((void *)addr, 4 * PAGE_SIZE), 0);
}

static void errors(void)
{
    unsigned char *p = map_anon(PAGE_SIZE);
    p[0] = 5;

    check_eq("mmap of length 0", map(NULL, 0, RW, ANON), -EINVAL);
    check_eq("MAP_FIXED at an unaligned address", map(p + 1, PAGE_SIZE, RW, ANON | MAP_FIXED),
             -EINVAL);
    check_eq("neither MAP_PRIVATE nor MAP_SHARED", map(NULL, PAGE_SIZE, RW, MAP_ANONYMOUS),
             -EINVAL);
    check_eq("more address space than exists", map(NULL, 1UL << 46, RW, ANON), -ENOMEM);
    check_eq("file mapping with fd -1", map(NULL, PAGE_SIZE, RW, MAP_PRIVATE), -EBADF);
    check_eq("a failed MAP_FIXED leaves the mapping alone", p[0], 5);
    check_eq("munmap", sys_munmap(p, PAGE_SIZE), 0);
}

/* Address space is not memory: 16 GiB can be reserved and a few pages of it used. */
static void huge_reservation(void)
{
    unsigned long length = 16 * GIB;
    long addr = map(NULL, length, RW, ANON | MAP_NORESERVE);
    check_true("mmap of 16 GiB with MAP_NORESERVE", addr > 0, addr);

    unsigned char *p = (unsigned char *)addr;
    unsigned long offsets[] = { 0, PAGE_SIZE, 5 * GIB + 123, length / 2, length - 1 };
    for (unsigned i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
        check_eq("fresh page of a huge reservation reads zero", p[offsets[i]], 0);
        p[offsets[i]] = (unsigned char)(i + 1);
    }
    for (unsigned i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
        check_eq("touched page of a huge reservation", p[offsets[i]], i + 1);
    check_eq("munmap of 16 GiB", sys_munmap(p, length), 0);
}

int main(void)
{
    length_rounds_up();
    hints();
    fixed();
    prot_none_guard();
    write_implies_read();
    exec_only();
    populate_noreserve_stack();
    errors();
    huge_reservation();
    fixed_noreplace();
    return 0;
}
