/* Faults in user mode kill the faulting process with the signal Linux sends, and only it:
 * each fault happens in a forked child, and the parent checks how the child ended. */
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

#define KERNEL_ADDRESS 0xffffffff80000000UL
#define INSN_RET 0x00008067u    /* jalr x0, 0(ra) */

static const char read_only_text[] = "a string literal lives in .rodata";

static void null_read(void)
{
    (void)*(volatile int *)0;
}

static void rodata_write(void)
{
    *(volatile char *)(uintptr_t)read_only_text = 'A';
}

static void mprotected_write(void)
{
    volatile char *page = map_anon(PAGE_SIZE);
    page[0] = 1;
    check_eq("mprotect read-only", sys_mprotect((void *)page, PAGE_SIZE, PROT_READ), 0);
    page[0] = 2;
}

static void prot_none_read(void)
{
    long addr = sys_mmap(NULL, PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check_true("mmap PROT_NONE", addr > 0, addr);
    (void)*(volatile char *)addr;
}

static void kernel_read(void)
{
    (void)*(volatile long *)KERNEL_ADDRESS;
}

/* Calls a valid `ret` instruction on a page mapped without PROT_EXEC. */
static void execute_data(void)
{
    volatile uint32_t *page = map_anon(PAGE_SIZE);
    page[0] = INSN_RET;
    /* Converting a data pointer to a function pointer: the fault is the point here. */
    void (*function)(void) = (void (*)(void))(uintptr_t)page;
    function();
}

static void illegal_instruction(void)
{
    /* All-zero bits are defined to be an illegal instruction (RISC-V unprivileged spec). */
    __asm__ volatile(".word 0");
}

int main(void)
{
    expect_killed_by("null pointer read", null_read, SIGSEGV);
    expect_killed_by("write to a string literal in .rodata", rodata_write, SIGSEGV);
    expect_killed_by("write to an mprotect'ed read-only page", mprotected_write, SIGSEGV);
    expect_killed_by("read of a PROT_NONE page", prot_none_read, SIGSEGV);
    expect_killed_by("read of a kernel address", kernel_read, SIGSEGV);
    expect_killed_by("execution from a non-executable page", execute_data, SIGSEGV);
    expect_killed_by("illegal instruction", illegal_instruction, SIGILL);

    /* The parent is unharmed: its own memory and system calls still work. */
    check_eq("parent reads its string", read_only_text[0], 'a');
    check_true("parent still runs system calls", sys_getpid() > 0, sys_getpid());
    return 0;
}
