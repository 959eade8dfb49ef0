/* kmain: from the first C instruction (already at the link address, boot page tables
 * live) to the first user process. The order matters: the device tree before memory,
 * every reservation before the first allocation, the final page tables before devices. */
#include <stddef.h>
#include "boot/boot.h"
#include "lib/bootargs.h"
#include "drivers/console.h"
#include "drivers/devmap.h"
#include "kernel/cpu.h"
#include "devicetree/dt.h"
#include "devicetree/dt_irq.h"
#include "drivers/goldfish_rtc.h"
#include "drivers/plic.h"
#include "kernel/realtime.h"
#include "tty/tty.h"
#include "riscv/fpu.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "mm/asid.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/kvm.h"
#include "mm/meminit.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "trap/timer.h"

extern char boot_stack[], boot_stack_top[];

static struct dt_info dt;

static void *heap_alloc_pages(void *ctx, size_t npages)
{
	(void)ctx;
	uint64_t pa = npages == 1 ? pmm_alloc(&kernel_pmm) : pmm_alloc_contig(&kernel_pmm, npages, 1);
	return pa ? phys_to_virt(pa) : NULL;
}

static void heap_free_pages(void *ctx, void *va, size_t npages)
{
	(void)ctx;
	pmm_free_contig(&kernel_pmm, virt_to_phys(va), npages, __builtin_return_address(0));
}

static const struct kheap_source heap_source = { heap_alloc_pages, heap_free_pages, NULL };

static int boot_hart_has_sstc(uint32_t hartid)
{
	for (int i = 0; i < dt.nharts; i++)
		if (dt.harts[i].hartid == hartid)
			return dt.harts[i].has_sstc;
	return 0;
}

static void print_machine(uint32_t hartid)
{
	printk("harts:");
	for (int i = 0; i < dt.nharts; i++)
		printk(" %u%s", dt.harts[i].hartid, dt.harts[i].hartid == hartid ? "*" : "");
	if (dt.harts_unlisted)
		printk(" and %d more", dt.harts_unlisted);
	printk(" (* = boot hart)\ntimer: %lu Hz timebase, %s, tick %d Hz; ASID bits: %d\n",
	       dt.timebase_hz, timer_uses_sstc() ? "Sstc stimecmp" : "SBI TIME", TICK_HZ,
	       asid_bits);
	printk("console: %s; bootargs: \"%s\"\n", console_name(), dt.bootargs);
	if (dt.initrd_end)
		printk("initrd: 0x%lx-0x%lx (%lu KiB)\n", dt.initrd_start, dt.initrd_end - 1,
		       (dt.initrd_end - dt.initrd_start) >> 10);
}

/* The PLIC with the boot hart's S-mode context, the console's receive interrupt through
 * it, and the wall clock from the RTC (each said in the boot log). */
static void devices_init(uint32_t hartid)
{
	struct dt_irqs irqs;
	uint32_t uart_irq = 0;

	dt_irqs_for_hart(&dt, hartid, &irqs);
	/* Only as far as a PLIC can reach: a tree's huge reg was mapped page by page. */
	uintptr_t plic = !irqs.has_plic ? 0 :
			 devmap(&dt, "plic", irqs.plic.base,
				irqs.plic.size < PLIC_MAX_SPAN ? irqs.plic.size : PLIC_MAX_SPAN);
	if (plic) {
		plic_init(plic, irqs.plic.context, irqs.plic.ndev);
		printk("plic: 0x%lx, %u sources, hart %u S-mode context %u\n", irqs.plic.base,
		       irqs.plic.ndev, hartid, irqs.plic.context);
		if (irqs.has_uart_irq)
			uart_irq = irqs.uart_irq;
	} else if (!irqs.has_plic) {
		printk("plic: none in the device tree\n");
	}
	tty_console_start(uart_irq);
	uintptr_t rtc = !irqs.has_rtc ? 0 :
			devmap(&dt, "rtc", irqs.rtc_base,
			       irqs.rtc_size < GOLDFISH_RTC_SPAN ? irqs.rtc_size : GOLDFISH_RTC_SPAN);
	if (rtc) {
		realtime_set_ns(goldfish_rtc_read_ns(rtc));
		printk("rtc: goldfish at 0x%lx, wall clock %lu s since the epoch\n", irqs.rtc_base,
		       realtime_now_ns() / 1000000000UL);
	} else {
		printk("rtc: none in the device tree: the wall clock starts at the epoch\n");
	}
}

/* Continues boot on a kernel stack with a guard page below it. */
static void kmain_on_kernel_stack(void *arg)
{
	(void)arg;
	const char *test = bootarg_value(dt.bootargs, "ktest");

	if (test) {
		int failed = ktest_run(test, &dt);
		printk("ktest %s: %s\n", test, failed ? "FAILED" : "PASSED");
		power_off(failed ? 1 : 0);
	}
	smp_start(&dt, this_cpu()->hartid);
	proc_start_init(&dt);
	scheduler();
}

void kmain(uint64_t hartid, uint64_t dtb_pa)
{
	char err[96];
	struct cpu *c;

	cpu_init_this(0, (uint32_t)hartid);
	c = this_cpu();
	c->stack_lo = (uint64_t)boot_stack;
	c->stack_hi = (uint64_t)boot_stack_top;
	printk("\nsv39 kernel: hart %lu, device tree at 0x%lx, loaded at 0x%lx\n",
	       hartid, dtb_pa, kernel_phys_base);

	if (!boot_dtb_reachable(dtb_pa))
		panic("device tree at 0x%lx: above 0x%lx, the end of the direct map", dtb_pa,
		      DIRECT_MAP_END_PA);
	if (dt_parse(phys_to_virt(dtb_pa), dtb_pa, &dt, err, sizeof(err)) < 0)
		panic("device tree at 0x%lx: %s", dtb_pa, err);
	boot_check_inputs(&dt, dtb_pa);
	boot_map_free_ram(&dt);
	mem_init(&dt);
	kvm_init(&dt);
	kvm_activate();
	asid_init(asid_detect_bits(kernel_root), MAX_CPUS);
	boot_release_page_tables();
	devmap_console_and_poweroff(&dt);
	kmalloc_init(&heap_source);
	if (pageref_init(&kernel_pmm) < 0)
		panic("out of memory for page reference counts");
	timer_init(dt.timebase_hz, boot_hart_has_sstc((uint32_t)hartid));
	fpu_init();
	print_machine((uint32_t)hartid);
	devices_init((uint32_t)hartid);

	struct kstack stack;
	if (kstack_alloc(&stack) < 0)
		panic("out of memory for the boot hart's kernel stack");
	c->stack_lo = stack.lo;
	c->stack_hi = stack.hi;
	call_on_stack(kmain_on_kernel_stack, NULL, stack.hi);
}
