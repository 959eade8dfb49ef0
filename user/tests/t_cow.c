/* Copy-on-write survives mprotect: after fork a private page stays shared read-only, whatever
 * protections either process gives it, until one of them writes and gets its own copy. The
 * child makes its read-only data, rodata, text and an executable page writable and writes
 * them (patching code and running it); the parent's memory must not change. */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define PAGE_OF(p) ((void *)((uintptr_t)(p) & ~(uintptr_t)(PAGE_SIZE - 1)))
#define RW (PROT_READ | PROT_WRITE)
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

/* Instruction words (RV64I): the patch turns "return 7" into "return 42". */
#define INSN_LI_A0(v) (0x00000513u | ((uint32_t)(v) << 20))   /* addi a0, zero, v */
#define INSN_RET 0x00008067u                                   /* jalr zero, 0(ra) */

static const int rodata_word = 0x1234;
static int data_word = 5;

/* "return 7" in the program's text, as the two full-size instructions the child overwrites
 * (written out, so that the patch never runs into the next function). */
int text_fn(void);
__asm__(".pushsection .text\n"
        ".balign 16\n"
        "text_fn:\n"
        ".4byte 0x00700513\n"   /* addi a0, zero, 7 */
        ".4byte 0x00008067\n"   /* jalr zero, 0(ra) */
        ".popsection");

/* Stores to instructions reach this hart's instruction fetch only after fence.i (the user
 * architecture here has no Zifencei mnemonic: its encoding). */
static void fence_i(void)
{
    __asm__ volatile(".word 0x0000100f" ::: "memory");
}

static int call(const void *code)
{
    int (*fn)(void) = (int (*)(void))(uintptr_t)code;
    return fn();
}

static void patch(void *code, int value)
{
    volatile uint32_t *insn = code;
    insn[0] = INSN_LI_A0(value);
    insn[1] = INSN_RET;
    fence_i();
}

static void check_mprotect(const char *what, void *addr, int prot)
{
    check_eq(what, sys_mprotect(PAGE_OF(addr), PAGE_SIZE, prot), 0);
}

static int read_int(const int *p)
{
    return *(const volatile int *)p;
}

static void write_int(const int *p, int value)
{
    *(volatile int *)(uintptr_t)p = value;
}

static void child_writes(volatile char *ro_data, void *exec_page)
{
    check_mprotect("child: read-only data back to read/write", (void *)ro_data, RW);
    ro_data[0] = 2;
    check_eq("child sees its write to the data it made writable", ro_data[0], 2);

    check_mprotect("child: data read-only", &data_word, PROT_READ);
    check_mprotect("child: data read/write again", &data_word, RW);
    data_word = 6;

    check_mprotect("child: rodata writable", (void *)&rodata_word, RW);
    write_int(&rodata_word, 0x4321);
    check_eq("child sees its write to rodata", read_int(&rodata_word), 0x4321);

    check_mprotect("child: text writable", (void *)text_fn, RWX);
    patch((void *)text_fn, 42);
    check_eq("child runs its patched text", call((void *)text_fn), 42);

    check_mprotect("child: executable page writable", exec_page, RWX);
    patch(exec_page, 43);
    check_eq("child runs its patched executable page", call(exec_page), 43);
}

/* What every page held at fork. */
static void check_original(volatile char *ro_data, void *exec_page)
{
    check_eq("read-only data unchanged", ro_data[0], 1);
    check_eq("data unchanged", data_word, 5);
    check_eq("rodata unchanged", read_int(&rodata_word), 0x1234);
    check_eq("text unchanged", call((void *)text_fn), 7);
    check_eq("executable page unchanged", call(exec_page), 9);
}

/* A read-only data page and an executable page made from written code, both present. */
static volatile char *make_ro_data(void)
{
    volatile char *page = map_anon(PAGE_SIZE);
    page[0] = 1;
    check_mprotect("read-only data", (void *)page, PROT_READ);
    return page;
}

static void *make_exec_page(void)
{
    void *page = map_anon(PAGE_SIZE);
    patch(page, 9);
    check_mprotect("executable page", page, PROT_READ | PROT_EXEC);
    check_eq("the executable page runs", call(page), 9);
    return page;
}

/* The child makes everything writable and writes it; the parent's copy stays. */
static void child_rewrites(void)
{
    volatile char *ro_data = make_ro_data();
    void *exec_page = make_exec_page();

    long pid = fork();
    if (pid == 0) {
        child_writes(ro_data, exec_page);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child rewriting its memory", status, 0);
    check_original(ro_data, exec_page);

    /* Now the only user of those pages: mprotect makes them writable in place. */
    check_mprotect("parent: read-only data writable", (void *)ro_data, RW);
    ro_data[0] = 3;
    check_eq("parent writes its data once alone", ro_data[0], 3);
    check_eq("munmap", sys_munmap((void *)ro_data, PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap(exec_page, PAGE_SIZE), 0);
}

/* The same the other way round: the parent writes, the child must see the old contents. */
static void parent_rewrites(void)
{
    volatile char *ro_data = make_ro_data();
    void *exec_page = make_exec_page();

    long pid = fork();
    if (pid == 0) {
        sleep_ms(30);   /* the parent writes meanwhile */
        check_original(ro_data, exec_page);
        sys_exit(0);
    }
    check_true("fork", pid > 0, pid);
    check_mprotect("parent: read-only data writable", (void *)ro_data, RW);
    ro_data[0] = 4;
    check_mprotect("parent: executable page writable", exec_page, RWX);
    patch(exec_page, 44);
    check_eq("parent runs its patched page", call(exec_page), 44);

    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("child checking its unchanged memory", status, 0);
    check_eq("munmap", sys_munmap((void *)ro_data, PAGE_SIZE), 0);
    check_eq("munmap", sys_munmap(exec_page, PAGE_SIZE), 0);
}

int main(void)
{
    child_rewrites();
    parent_rewrites();
    return 0;
}
