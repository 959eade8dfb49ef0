/* The device registers the kernel touches, mapped from what the device tree says.
 *
 * Only the registers a driver uses are mapped, not the whole reg of the node: a tree
 * giving a UART 2^63 bytes would otherwise be mapped page by page for minutes and then
 * end in an out-of-memory panic that blames no one. And registers that overlap RAM are
 * refused: writing "UART registers" that are really the kernel image or a page table
 * would corrupt memory instead of printing. The devicetree spec (2.3.6) has reg name
 * a device's own address range; RAM is what memory nodes name (3.4), and the two cannot
 * be the same bytes. */
#include "drivers/console.h"
#include "drivers/devmap.h"
#include "drivers/power.h"
#include "kernel/printk.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "trap/extable.h"

/* The registers of both UART drivers lie in the first 256 bytes: a 16550's eight at
 * most 16 bytes apart (drivers/uart_regs.c, UART_MAX_SHIFT), SiFive's seven words. */
#define UART_REGS_SPAN 256

/* One load from va, of width 1 or 4 bytes, under an exception-table entry: whether
 * something answered. A tree may name an address where no device sits; the access fault
 * (privileged spec, scause 5) then comes here instead of in the first printk, whose
 * fault report would fault again on the same UART. */
static int answers(uintptr_t va, int width)
{
	uint64_t ok = 0, v;

	if (width == 4)
		__asm__ volatile("1: lw %1, 0(%2)\n   li %0, 1\n2:\n" EXTABLE_ENTRY(1b, 2b)
				 : "+r"(ok), "=r"(v) : "r"(va));
	else
		__asm__ volatile("1: lb %1, 0(%2)\n   li %0, 1\n2:\n" EXTABLE_ENTRY(1b, 2b)
				 : "+r"(ok), "=r"(v) : "r"(va));
	(void)v;
	return (int)ok;
}

static uintptr_t probed(const char *what, uintptr_t va, uint64_t pa, uint64_t off, int width)
{
	if (va && !answers(va + off, width)) {
		printk("%s: nothing answers at 0x%lx; not used\n", what, pa + off);
		return 0;
	}
	return va;
}

uintptr_t devmap(const struct dt_info *dt, const char *what, uint64_t pa, uint64_t size)
{
	uintptr_t va;

	if (pa >= DIRECT_MAP_END_PA || size > DIRECT_MAP_END_PA - pa)
		printk("%s: registers at 0x%lx lie above 0x%lx, the end of the direct map; "
		       "not used\n", what, pa, DIRECT_MAP_END_PA);
	else if (dt_overlaps_ram(dt, pa, size))
		printk("%s: registers at 0x%lx-0x%lx overlap RAM; not used\n", what, pa,
		       pa + size - 1);
	else if (!(va = kvm_map_mmio(pa, size)))
		printk("%s: no memory to map the registers at 0x%lx; not used\n", what, pa);
	else
		return va;
	return 0;
}

void devmap_console_and_poweroff(const struct dt_info *dt)
{
	if (dt->uart.kind != UART_NONE) {
		uint64_t size = dt->uart.size && dt->uart.size < UART_REGS_SPAN ?
			dt->uart.size : UART_REGS_SPAN;
		uintptr_t va = devmap(dt, "console", dt->uart.base, size);
		/* A 16550's line status register (5), read without side effects on its
		 * own width; a SiFive UART's first word. */
		if (dt->uart.kind == UART_NS16550)
			va = probed("console", va, dt->uart.base,
				    dt->uart.reg_shift <= 4 ? 5u << dt->uart.reg_shift : 0,
				    dt->uart.reg_io_width == 4 ? 4 : 1);
		else
			va = probed("console", va, dt->uart.base, 0, 4);
		if (va)
			console_use_uart(&dt->uart, va);
	}
	console_end_early();   /* no usable UART: what boot printed goes to the SBI console */
	if (dt->poweroff.base) {
		/* The one 32-bit register written (dt_poweroff.c checked it lies in the syscon). */
		uint64_t reg = dt->poweroff.base + dt->poweroff.offset;
		uintptr_t va = probed("power-off", devmap(dt, "power-off", reg, sizeof(uint32_t)),
				      reg, 0, 4);
		if (va)
			power_use_syscon(&dt->poweroff, va - dt->poweroff.offset);
	}
}
