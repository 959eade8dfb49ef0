/* Fault and panic reports: cause, pc, stval, registers and a frame-pointer backtrace. */
#include <stdarg.h>
#include "drivers/console.h"
#include "drivers/console_tx.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "riscv/csr.h"

/* scause values (privileged spec, table "Supervisor cause register (scause) values"). */
static const char *const exception_names[] = {
	[0] = "instruction address misaligned", [1] = "instruction access fault",
	[2] = "illegal instruction", [3] = "breakpoint",
	[4] = "load address misaligned", [5] = "load access fault",
	[6] = "store address misaligned", [7] = "store access fault",
	[8] = "environment call from U-mode", [9] = "environment call from S-mode",
	[12] = "instruction page fault", [13] = "load page fault",
	[15] = "store page fault",
};

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
	"a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
	"s10", "s11", "t3", "t4", "t5", "t6",
};

const char *trap_cause_name(uint64_t scause)
{
	uint64_t code = scause & ~SCAUSE_INTERRUPT;

	if (scause & SCAUSE_INTERRUPT)
		return code == 1 ? "supervisor software interrupt" :
		       code == 5 ? "supervisor timer interrupt" :
		       code == 9 ? "supervisor external interrupt" : "unknown interrupt";
	if (code < sizeof(exception_names) / sizeof(exception_names[0]) && exception_names[code])
		return exception_names[code];
	return "unknown exception";
}

void print_registers(const struct trap_frame *f)
{
	for (int i = 1; i < 32; i++)
		printk("%4s=%016lx%s", reg_names[i], f->x[i], i % 4 == 3 ? "\n" : " ");
	printk("\n");
}

void backtrace_from(uint64_t fp)
{
	struct cpu *c = this_cpu();

	printk("backtrace:\n");
	/* GCC's RISC-V frame: fp is the caller's sp; ra at fp-8, the caller's fp at fp-16. */
	for (int depth = 0; depth < 32; depth++) {
		if (fp & 7 || fp < c->stack_lo + 16 || fp > c->stack_hi)
			break;
		uint64_t ra = ((uint64_t *)fp)[-1];
		uint64_t next = ((uint64_t *)fp)[-2];
		if (!ra)
			break;
		printk("  %pS\n", (void *)ra);
		if (next <= fp)
			break;
		fp = next;
	}
}

/* Entered twice (a fault while reporting a fault): say so as plainly as possible. */
static void enter_panic(void)
{
	struct cpu *c = this_cpu();

	__asm__ volatile("csrw sie, zero");
	smp_stop_others();   /* parks this hart if another one is reporting */
	printk_panic_unlock();
	console_end_early();   /* a panic before the UART is mapped: out with the boot log */
	if (c->in_panic++) {
		console_use_sbi();
		printk("\n*** fault while reporting a fault; stopping\n");
		power_off(2);
	}
	console_tx_panic();   /* the queued output, then the report, synchronously */
}

void panic(const char *fmt, ...)
{
	va_list ap;
	uint64_t fp;

	enter_panic();
	printk("\nkernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	__asm__ volatile("mv %0, fp" : "=r"(fp));
	backtrace_from(fp);
	power_off(1);
}

void kernel_fault(struct trap_frame *f, const char *what)
{
	enter_panic();
	printk("\nkernel fault: %s (%s, scause=0x%lx)\n", what, trap_cause_name(f->scause), f->scause);
	printk("  sepc=%pS\n  stval=0x%016lx\n", (void *)f->sepc, f->stval);
	print_registers(f);
	printk("  ra=%pS\n", (void *)f->x[REG_RA]);
	backtrace_from(f->x[REG_FP]);
	power_off(1);
}
