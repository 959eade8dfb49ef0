/* The signal frame keeps every register: x1..x31 (gp and tp as they were) and f0..f31
 * with fcsr come back unchanged after a handler that overwrites all of them, both when
 * the signal is delivered at the end of a system call (the lean trap path, whose frame
 * lacks s0..s11 until a signal needs them) and when it interrupts a loop (a timer tick,
 * SIGALRM from setitimer). The handler also finds the interrupted registers in
 * uc_mcontext, as Linux lays out struct rt_sigframe. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

/* What the assembly below leaves: x0..x31 (x0 unused), f0..f31, fcsr. */
struct regs {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t fcsr;
};

void regs_kill(long pid, struct regs *out);
void regs_spin(volatile int *flag, struct regs *out);

#define XVAL(n) (0x5a00000000000000UL + (n) * 0x10101UL)
#define FVAL(n) (0x3ff0000000000000UL + (n))
#define FCSR_VAL 0x65   /* frm = RUP (3), fflags = NX | OF (5) */

/* regs_kill(pid, out): every register but sp, gp, tp and the system call's a0, a1, a7
 * gets XVAL(n) (f registers FVAL(n), fcsr FCSR_VAL), then kill(pid, SIGUSR1); then all
 * of them are stored to out. regs_spin(flag, out) does the same but spins until *flag
 * (t6 holds flag, t5 what it read). */
__asm__(
    "   .option push\n"
    "   .option arch, +d\n"
    "   .macro PROLOGUE\n"
    "   addi sp, sp, -1024\n"
    "   sd a1, 0(sp)\n"
    "   sd x1, 8(sp)\n"
    "   sd x3, 24(sp)\n"
    "   sd x4, 32(sp)\n"
    "   .irp n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27\n"
    "   sd x\\n, (8 * \\n)(sp)\n"
    "   .endr\n"
    "   .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "   li t0, 0x3ff0000000000000 + \\n\n"
    "   fmv.d.x f\\n, t0\n"
    "   .endr\n"
    "   li t0, 0x65\n"
    "   fscsr t0\n"
    "   .endm\n"
    "   .macro FILL regs:vararg\n"
    "   .irp n, \\regs\n"
    "   li x\\n, 0x5a00000000000000 + \\n * 0x10101\n"
    "   .endr\n"
    "   .endm\n"
    "   .macro EPILOGUE\n"
    "   .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "   sd x\\n, (256 + 8 * \\n)(sp)\n"
    "   .endr\n"
    "   .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "   fsd f\\n, (512 + 8 * \\n)(sp)\n"
    "   .endr\n"
    "   frcsr t0\n"
    "   sd t0, 768(sp)\n"
    "   ld x1, 8(sp)\n"
    "   ld x3, 24(sp)\n"
    "   ld x4, 32(sp)\n"
    "   .irp n, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27\n"
    "   ld x\\n, (8 * \\n)(sp)\n"
    "   .endr\n"
    "   ld t1, 0(sp)\n"
    "   addi t2, sp, 256\n"
    "   li t3, 65\n"
    "1: ld t0, 0(t2)\n"
    "   sd t0, 0(t1)\n"
    "   addi t1, t1, 8\n"
    "   addi t2, t2, 8\n"
    "   addi t3, t3, -1\n"
    "   bnez t3, 1b\n"
    "   addi sp, sp, 1024\n"
    "   ret\n"
    "   .endm\n"
    "   .text\n"
    "   .globl regs_kill\n"
    "regs_kill:\n"
    "   PROLOGUE\n"
    "   FILL 1, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31\n"
    "   li a1, 10\n"
    "   li a7, 129\n"
    "   ecall\n"
    "   EPILOGUE\n"
    "   .globl regs_spin\n"
    "regs_spin:\n"
    "   PROLOGUE\n"
    "   mv t6, a0\n"
    "   FILL 1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29\n"
    "2: lw t5, 0(t6)\n"
    "   beqz t5, 2b\n"
    "   EPILOGUE\n"
    "   .option pop\n");

static volatile int ran;
static volatile uint64_t seen_s0, seen_pc, seen_f5;

/* Overwrites every register the handler may (and the FP ones besides), and reads the
 * interrupted s0 and f5 from the frame. */
static void clobber(int sig, struct k_siginfo *info, void *ucp)
{
    struct k_ucontext *uc = ucp;
    (void)sig, (void)info;
    seen_s0 = uc->uc_mcontext.x[8 - 1];
    seen_pc = uc->uc_mcontext.pc;
    seen_f5 = uc->uc_mcontext.fp.d.f[5];
    __asm__ volatile(".option push\n .option arch, +d\n"
                     ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
                     "fmv.d.x f\\n, zero\n"
                     ".endr\n"
                     "csrw fcsr, zero\n .option pop\n"
                     "li t0, -1\n li t1, -1\n li t2, -1\n li t3, -1\n li t4, -1\n"
                     "li t5, -1\n li t6, -1\n li a3, -1\n li a4, -1\n li a5, -1\n li a6, -1\n"
                     "li a7, -1\n" ::: "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a3", "a4",
                     "a5", "a6", "a7", "memory");
    ran = 1;
}

static void check_regs(const char *how, const struct regs *r, const uint64_t *expect_x)
{
    for (int n = 1; n < 32; n++)
        if (n != 2 && r->x[n] != expect_x[n]) {
            printf("x%d = 0x%lx, expected 0x%lx\n", n, r->x[n], expect_x[n]);
            fail(how);
        }
    for (int n = 0; n < 32; n++)
        if (r->f[n] != FVAL(n)) {
            printf("f%d = 0x%lx\n", n, r->f[n]);
            fail(how);
        }
    check_eq(how, (long)r->fcsr, FCSR_VAL);
}

static void expected(uint64_t *x)
{
    for (int n = 1; n < 32; n++)
        x[n] = XVAL(n);
    __asm__ volatile("mv %0, gp\n mv %1, tp" : "=r"(x[3]), "=r"(x[4]));
}

static int in_spin_loop(uint64_t pc)
{
    return pc > (uint64_t)(uintptr_t)regs_spin && pc < (uint64_t)(uintptr_t)regs_spin + 4096;
}

int main(void)
{
    struct regs r;
    uint64_t x[32];

    set_handler(SIGUSR1, clobber, 0, 0);
    memset(&r, 0, sizeof(r));
    ran = 0;
    regs_kill(sys_getpid(), &r);
    check_eq("handler ran at the system call's return", ran, 1);
    expected(x);
    x[10] = 0;    /* kill's result */
    x[11] = SIGUSR1;
    x[17] = 129;  /* SYS_kill */
    check_regs("registers across a handler run at a system call's return", &r, x);
    check_eq("uc_mcontext has the interrupted s0", (long)seen_s0, (long)XVAL(8));
    check_eq("uc_mcontext has the interrupted f5", (long)seen_f5, (long)FVAL(5));

    /* The timer must interrupt the spin, not land before it: on a loaded host the process
     * may lose the hart between setitimer and the spin, and the handler then runs at
     * setitimer's return (the pc shows where). Such a try is made again, longer. */
    set_handler(SIGALRM, clobber, 0, 0);
    for (int attempt = 0;; attempt++) {
        memset(&r, 0, sizeof(r));
        ran = 0;
        seen_pc = 0;
        struct itimerval it = { { 0, 0 }, { 0, 20000L << attempt } };
        check_eq("setitimer", sys_setitimer(ITIMER_REAL, &it, NULL), 0);
        regs_spin(&ran, &r);
        if (in_spin_loop(seen_pc))
            break;
        check_true("the timer interrupts the spin loop within 6 tries", attempt < 5,
                   (long)seen_pc);
    }
    expected(x);
    x[30] = 1;
    x[31] = (uint64_t)(uintptr_t)&ran;
    check_regs("registers across a handler run from a timer interrupt", &r, x);
    return 0;
}
