/* Kernel faults provoked on purpose. Each prints what it is about to do (the address
 * the report must name), then faults; the runner checks the report's cause and stval
 * and the failure exit status. None of them returns (nor do ring-panic and
 * ring-poweroff, which check that queued console output is not lost). */
#include <stdint.h>
#include <string.h>
#include "boot/boot.h"
#include "drivers/console_tx.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "mm/memlayout.h"
#include "tests/ktest/ktest.h"

static const uint64_t read_only_word = 0x1234;
static uint32_t data_code[4] = { 0x00008067 };   /* ret, but in a data page */

static void write_rodata(void)
{
	volatile uint64_t *p = (volatile uint64_t *)&read_only_word;
	printk("ktest: expect store page fault at stval=0x%016lx\n", (uint64_t)p);
	*p = 1;
}

/* The direct map's aliases of kernel text and rodata are read-only too. */
static void write_alias(const void *image_address)
{
	volatile uint32_t *alias = phys_to_virt(kernel_va_to_pa((uint64_t)(uintptr_t)image_address));
	printk("ktest: expect store page fault at stval=0x%016lx\n", (uint64_t)alias);
	*alias = *alias;
}

static void write_text_alias(void)
{
	write_alias((const void *)(uintptr_t)write_text_alias);
}

static void write_rodata_alias(void)
{
	write_alias(&read_only_word);
}

static void exec_data(void)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)data_code;
	printk("ktest: expect instruction page fault at stval=0x%016lx\n", (uint64_t)data_code);
	fn();
}

static void null_deref(void)
{
	printk("ktest: expect load page fault at stval=0x%016lx\n", 0UL);
	(void)*(volatile uint64_t *)0;
}

static void unmapped_kernel(void)
{
	/* Between the direct map's end and the kernel stacks: never mapped. */
	uint64_t addr = KSTACK_AREA - GIGAPAGE_SIZE;
	printk("ktest: expect load page fault at stval=0x%016lx\n", addr);
	(void)*(volatile uint64_t *)addr;
}

/* Deliberately unbounded (the limit is never reached before the guard page). */
static uint64_t recurse(uint64_t depth, uint64_t limit)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	if (depth == limit)
		return frame[0];
	return recurse(depth + 1, limit) + frame[0];
}

static void stack_overflow(void)
{
	printk("ktest: expect kernel stack overflow\n");
	recurse(0, UINT64_MAX);
}

/* Output queued for the UART's transmit interrupt (which is never taken in the kernel)
 * still appears, and before what comes after it: a panic's report, or nothing at all
 * when the machine powers off. */
static void queue_line(const char *s)
{
	while (*s)
		console_tx_put(*s++);
}

static void panic_after_queued_output(void)
{
	queue_line("ktest: queued before the panic\r\n");
	panic("after queued output");
}

static void power_off_after_queued_output(void)
{
	queue_line("ktest: queued before the power-off\r\n");
	power_off(0);
}

static void fault_in_fault_report(void)
{
	printk("ktest: expect a fault while reporting a fault\n");
	panic("this message's argument faults: %s", (const char *)8);
}

int ktest_fault(const char *name)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "rodata", write_rodata }, { "textalias", write_text_alias },
		{ "rodataalias", write_rodata_alias }, { "execdata", exec_data }, { "null", null_deref },
		{ "unmapped", unmapped_kernel }, { "stackoverflow", stack_overflow },
		{ "nestedfault", fault_in_fault_report },
		{ "ring-panic", panic_after_queued_output },
		{ "ring-poweroff", power_off_after_queued_output },
	};
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!strcmp(name, tests[i].name)) {
			tests[i].fn();
			printk("ktest %s: the fault did not happen\n", name);
			return 1;
		}
	}
	printk("ktest: no test named %s\n", name);
	return 1;
}
