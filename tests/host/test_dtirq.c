/* devicetree/dt_irq.c against the blobs compiled from dts/ (run from the repo root):
 * the PLIC context that takes a hart's S-mode external interrupts, found from
 * interrupts-extended rather than assumed; a device's interrupt behind that PLIC; the
 * goldfish RTC; and trees without them. */
#include <stdio.h>
#include <stdlib.h>
#include "devicetree/dt_irq.h"
#include "tests/host/check.h"
#include "tests/host/dtb_file.h"

/* QEMU virt: hart 0 has context 0 for M-mode, 1 for S-mode; the ns16550a is
 * source 10; the RTC sits at 0x101000. */
static void qemu_virt(void)
{
	size_t size;
	void *fdt = load_dtb("qemu-virt", &size);
	struct dt_irqs irqs;

	dt_find_irqs(fdt, 0, 0x10000000, &irqs);
	CHECK(irqs.has_plic && irqs.plic.base == 0xc000000 && irqs.plic.size == 0x600000);
	CHECK(irqs.plic.context == 1 && irqs.plic.ndev == 96 && irqs.plic.phandle != 0);
	CHECK(irqs.has_uart_irq && irqs.uart_irq == 10);
	CHECK(irqs.has_rtc && irqs.rtc_base == 0x101000 && irqs.rtc_size == 0x1000);
	dt_find_irqs(fdt, 99, 0x10000000, &irqs);   /* no such hart: no PLIC for it */
	CHECK(!irqs.has_plic && !irqs.has_uart_irq && irqs.has_rtc);
	dt_find_irqs(fdt, 0, 0x12345000, &irqs);    /* no device there */
	CHECK(irqs.has_plic && !irqs.has_uart_irq);
	free(fdt);
}

/* sifive_u: hart 0 (the E51) has only an M-mode context; harts 1-4 have M then S, so
 * hart 1's S context is 2 and hart 4's is 8. UART0 is source 4. No RTC. */
static void sifive_u(void)
{
	size_t size;
	void *fdt = load_dtb("sifive-u", &size);
	struct dt_irqs irqs;

	dt_find_irqs(fdt, 0, 0x10010000, &irqs);
	CHECK(!irqs.has_plic && !irqs.has_uart_irq);
	dt_find_irqs(fdt, 1, 0x10010000, &irqs);
	CHECK(irqs.has_plic && irqs.plic.context == 2 && irqs.plic.ndev == 53);
	CHECK(irqs.has_uart_irq && irqs.uart_irq == 4 && !irqs.has_rtc);
	dt_find_irqs(fdt, 4, 0x10010000, &irqs);
	CHECK(irqs.has_plic && irqs.plic.context == 8);
	free(fdt);
}

static void without_plic(void)
{
	size_t size;
	void *fdt = load_dtb("no-plic", &size);
	struct dt_irqs irqs;

	dt_find_irqs(fdt, 0, 0x10000000, &irqs);
	CHECK(!irqs.has_plic && !irqs.has_uart_irq && !irqs.has_rtc);
	free(fdt);
}

int main(void)
{
	TEST(qemu_virt);
	TEST(sifive_u);
	TEST(without_plic);
	return TESTS_DONE();
}
