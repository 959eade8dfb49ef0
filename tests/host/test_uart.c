/* The 8250/16550 register address arithmetic for the layouts in use: QEMU virt
 * (reg-shift 0, reg-io-width 1) and the VisionFive 2 (reg-shift 2, reg-io-width 4). */
#include <string.h>
#include "abi/errno.h"
#include "drivers/uart_regs.h"
#include "tests/host/check.h"
#include "tests/host/host_printk.h"

static void offsets(void)
{
	CHECK(uart_reg_offset(UART_THR, 0) == 0);
	CHECK(uart_reg_offset(UART_LSR, 0) == 5);
	CHECK(uart_reg_offset(UART_LCR, 2) == 12);
	CHECK(uart_reg_offset(UART_LSR, 2) == 20);
	CHECK(uart_reg_offset(7, 4) == 112);
}

static void qemu_virt_layout(void)
{
	struct uart_regs u;
	CHECK(uart_regs_init(&u, 0x10000000, 0, 1) == 0);
	CHECK(u.base == 0x10000000 && u.shift == 0 && u.io_width == 1);
	CHECK(uart_reg_addr(&u, UART_RBR) == 0x10000000);
	CHECK(uart_reg_addr(&u, UART_IER) == 0x10000001);
	CHECK(uart_reg_addr(&u, UART_LSR) == 0x10000005);
}

static void visionfive2_layout(void)
{
	struct uart_regs u;
	CHECK(uart_regs_init(&u, 0x10000000, 2, 4) == 0);
	CHECK(u.shift == 2 && u.io_width == 4);
	CHECK(uart_reg_addr(&u, UART_THR) == 0x10000000);
	CHECK(uart_reg_addr(&u, UART_IER) == 0x10000004);
	CHECK(uart_reg_addr(&u, UART_FCR) == 0x10000008);
	CHECK(uart_reg_addr(&u, UART_LSR) == 0x10000014);
}

/* A rejected layout returns -EINVAL, says why, and leaves u as it was. */
static void expect_rejected(uint32_t shift, uint32_t io_width)
{
	struct uart_regs u = { .base = 1, .shift = 2, .io_width = 4 };
	int before = host_printk_count;
	CHECK(uart_regs_init(&u, 0x10000000, shift, io_width) == -EINVAL);
	CHECK(host_printk_count == before + 1);
	CHECK(strncmp(host_printk_last, "uart: unsupported reg-", 22) == 0);
	CHECK(u.base == 1 && u.shift == 2 && u.io_width == 4);
}

static void rejections(void)
{
	expect_rejected(0, 0);
	expect_rejected(0, 2);
	expect_rejected(2, 8);
	expect_rejected(5, 1);
	expect_rejected(32, 4);
}

static void limits_accepted(void)
{
	struct uart_regs u;
	CHECK(uart_regs_init(&u, 0x10000000, 4, 1) == 0);
	CHECK(uart_reg_addr(&u, UART_LSR) == 0x10000050);
}

int main(void)
{
	TEST(offsets);
	TEST(qemu_virt_layout);
	TEST(visionfive2_layout);
	TEST(rejections);
	TEST(limits_accepted);
	return TESTS_DONE();
}
