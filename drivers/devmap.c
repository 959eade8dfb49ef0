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

/* The registers of both UART drivers lie in the first 256 bytes: a 16550's eight at
 * most 16 bytes apart (drivers/uart_regs.c, UART_MAX_SHIFT), SiFive's seven words. */
#define UART_REGS_SPAN 256

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
		if (va)
			console_use_uart(&dt->uart, va);
	}
	if (dt->poweroff.base) {
		/* The one 32-bit register written (dt_poweroff.c checked it lies in the syscon). */
		uint64_t reg = dt->poweroff.base + dt->poweroff.offset;
		uintptr_t va = devmap(dt, "power-off", reg, sizeof(uint32_t));
		if (va)
			power_use_syscon(&dt->poweroff, va - dt->poweroff.offset);
	}
}
