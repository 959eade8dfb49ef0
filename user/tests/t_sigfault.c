/* Faults go to a handler with the signal Linux sends and si_addr, si_code set: a
 * SIGSEGV handler that mprotects the page and returns has the access retried
 * (SEGV_ACCERR); an unmapped address is SEGV_MAPERR; SIGILL and SIGTRAP (ebreak) report
 * the instruction's address, SIGBUS a misaligned atomic's; a handler that moves the pc
 * in uc_mcontext resumes there. A fault whose signal is blocked or ignored kills, as
 * Linux's force_sig. sigaltstack lets a SIGSEGV handler run after a stack overflow;
 * without it the frame cannot be written and the process dies of SIGSEGV. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "testlib.h"

static volatile int hits, seen_sig, seen_code;
static volatile uint64_t seen_addr, seen_pc;
static volatile char *page;

static void fix_protection(int sig, struct k_siginfo *info, void *uc)
{
    (void)uc;
    hits++;
    seen_sig = sig;
    seen_code = info->si_code;
    seen_addr = info->u.addr;
    sys_mprotect((void *)page, PAGE_SIZE, PROT_READ | PROT_WRITE);
}

/* Steps over the faulting instruction (4 bytes: the accesses below are not compressed). */
static void skip(int sig, struct k_siginfo *info, void *ucp)
{
    struct k_ucontext *uc = ucp;
    hits++;
    seen_sig = sig;
    seen_code = info->si_code;
    seen_addr = info->u.addr;
    seen_pc = uc->uc_mcontext.pc;
    uc->uc_mcontext.pc += 4;
}

static void retried_after_mprotect(void)
{
    page = map_anon(PAGE_SIZE);
    page[0] = 1;
    check_eq("mprotect read-only", sys_mprotect((void *)page, PAGE_SIZE, PROT_READ), 0);
    set_handler(SIGSEGV, fix_protection, 0, 0);
    hits = 0;
    page[8] = 42;
    check_eq("handler ran once", hits, 1);
    check_eq("SIGSEGV", seen_sig, SIGSEGV);
    check_eq("SEGV_ACCERR", seen_code, SEGV_ACCERR);
    check_eq("si_addr", (long)seen_addr, (long)(uintptr_t)(page + 8));
    check_eq("the write happened when retried", page[8], 42);
}

static void unmapped_read(void)
{
    uint64_t pc;
    set_handler(SIGSEGV, skip, 0, 0);
    hits = 0;
    __asm__ volatile(".option push\n .option norvc\n"
                     "   la %0, 1f\n"
                     "1: ld zero, 0(%1)\n"
                     ".option pop" : "=&r"(pc) : "r"(0x1008UL) : "memory");
    check_eq("handler ran", hits, 1);
    check_eq("SEGV_MAPERR", seen_code, SEGV_MAPERR);
    check_eq("si_addr", (long)seen_addr, 0x1008);
    check_eq("uc pc is the load", (long)seen_pc, (long)pc);
}

static void illegal_and_breakpoint(void)
{
    uint64_t pc;
    set_handler(SIGILL, skip, 0, 0);
    hits = 0;
    __asm__ volatile(".option push\n .option norvc\n"
                     "   la %0, 1f\n"
                     "1: csrw cycle, zero\n"   /* a read-only CSR: illegal */
                     ".option pop" : "=&r"(pc) :: "memory");
    check_eq("SIGILL handler ran", hits, 1);
    check_eq("SIGILL", seen_sig, SIGILL);
    check_eq("ILL_ILLOPC", seen_code, ILL_ILLOPC);
    check_eq("SIGILL si_addr is the instruction", (long)seen_addr, (long)pc);

    set_handler(SIGTRAP, skip, 0, 0);
    __asm__ volatile(".option push\n .option norvc\n"
                     "   la %0, 1f\n"
                     "1: ebreak\n"
                     ".option pop" : "=&r"(pc) :: "memory");
    check_eq("SIGTRAP handler ran", hits, 2);
    check_eq("SIGTRAP", seen_sig, SIGTRAP);
    check_eq("TRAP_BRKPT", seen_code, TRAP_BRKPT);
    check_eq("SIGTRAP si_addr is the ebreak", (long)seen_addr, (long)pc);
}

static void misaligned_atomic(void)
{
    volatile char *buf = map_anon(PAGE_SIZE);
    set_handler(SIGBUS, skip, 0, 0);
    hits = 0;
    __asm__ volatile(".option push\n .option norvc\n"
                     "amoadd.w zero, zero, (%0)\n"
                     ".option pop" :: "r"(buf + 1) : "memory");
    check_eq("SIGBUS handler ran", hits, 1);
    check_eq("SIGBUS", seen_sig, SIGBUS);
    check_eq("BUS_ADRALN", seen_code, BUS_ADRALN);
    check_eq("SIGBUS si_addr", (long)seen_addr, (long)(uintptr_t)(buf + 1));
}

static void fault_while_blocked(void)
{
    uint64_t set = SIGBIT(SIGSEGV);
    set_handler(SIGSEGV, skip, 0, 0);
    check_eq("block SIGSEGV", sys_rt_sigprocmask(SIG_BLOCK, &set, NULL), 0);
    (void)*(volatile int *)0x1000;
}

static void fault_while_ignored(void)
{
    struct k_sigaction ign = { SIG_IGN, 0, 0 };
    check_eq("ignore SIGSEGV", sys_rt_sigaction(SIGSEGV, &ign, NULL), 0);
    (void)*(volatile int *)0x1000;
}

static char altstack[16384];

static void on_overflow(int sig, struct k_siginfo *info, void *uc)
{
    char here;
    (void)info, (void)uc;
    int on_alt = &here > altstack && &here < altstack + sizeof(altstack);
    sys_exit(sig == SIGSEGV && on_alt ? 42 : 1);
}

static int (*volatile recurse_ptr)(int);

static int recurse(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    return recurse_ptr(n + 1) + pad[0];
}

static void overflow_on_altstack(void)
{
    k_stack_t ss = { .ss_sp = (uint64_t)(uintptr_t)altstack, .ss_size = sizeof(altstack) }, old;
    k_stack_t small = { .ss_sp = (uint64_t)(uintptr_t)altstack, .ss_size = 100 };
    check_eq("too small", sys_sigaltstack(&small, NULL), -ENOMEM);
    check_eq("sigaltstack", sys_sigaltstack(&ss, &old), 0);
    check_eq("no old stack", old.ss_flags, SS_DISABLE);
    set_handler(SIGSEGV, on_overflow, SA_ONSTACK, 0);
    recurse_ptr = recurse;
    recurse(0);
}

static void overflow_without_altstack(void)
{
    set_handler(SIGSEGV, on_overflow, 0, 0);
    recurse_ptr = recurse;
    recurse(0);
}

int main(void)
{
    retried_after_mprotect();
    unmapped_read();
    illegal_and_breakpoint();
    misaligned_atomic();
    expect_killed_by("a blocked SIGSEGV kills", fault_while_blocked, SIGSEGV);
    expect_killed_by("an ignored SIGSEGV kills", fault_while_ignored, SIGSEGV);
    check_exited_with("the handler ran on the alternate stack",
                      run_in_child(overflow_on_altstack), 42);
    expect_killed_by("no room for the frame", overflow_without_altstack, SIGSEGV);
    return 0;
}
