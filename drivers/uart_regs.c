/* 8250/16550 register address arithmetic (see uart_regs.h). */
#include "drivers/uart_regs.h"
#include "abi/errno.h"
#include "kernel/printk.h"

/* Registers at most 16 bytes apart: more than any 8250 binding in use needs. */
#define UART_MAX_SHIFT 4

uint64_t uart_reg_offset(uint32_t reg, uint32_t reg_shift)
{
	return (uint64_t)reg << reg_shift;
}

int uart_regs_init(struct uart_regs *u, uintptr_t base, uint32_t shift, uint32_t io_width)
{
	if (io_width != 1 && io_width != 4) {
		printk("uart: unsupported reg-io-width %u (only 1 and 4)\n", io_width);
		return -EINVAL;
	}
	if (shift > UART_MAX_SHIFT) {
		printk("uart: unsupported reg-shift %u (at most %u)\n", shift, UART_MAX_SHIFT);
		return -EINVAL;
	}
	u->base = base;
	u->shift = shift;
	u->io_width = io_width;
	return 0;
}

uintptr_t uart_reg_addr(const struct uart_regs *u, uint32_t reg)
{
	return u->base + (uintptr_t)uart_reg_offset(reg, u->shift);
}
