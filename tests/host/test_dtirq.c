/* devicetree/dt_irq.c through dt_parse, against the blobs compiled from dts/ (run from
 * the repo root): the PLIC context that takes a hart's S-mode external interrupts, found
 * from interrupts-extended rather than assumed; the console's interrupt behind that PLIC;
 * the goldfish RTC; and trees without them. */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include "devicetree/dt_irq.h"
#include "tests/host/check.h"
#include "tests/host/dtb_file.h"

static struct dt_info info;

/* dt_parse of a blob, which must succeed. */
static void parse(const void *fdt)
{
	char err[128];
	int r = dt_parse(fdt, 0x9fe00000, &info, err, sizeof(err));

	CHECK(r == 0);
	if (r)
		fprintf(stderr, "  dt_parse = %d (%s)\n", r, err);
}

/* QEMU virt: hart 0 has context 0 for M-mode, 1 for S-mode; the ns16550a is
 * source 10; the RTC sits at 0x101000. */
static void qemu_virt(void)
{
	size_t size;
	void *fdt = load_dtb("qemu-virt", &size);
	struct dt_irqs irqs;

	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(irqs.has_plic && irqs.plic.base == 0xc000000 && irqs.plic.size == 0x600000);
	CHECK(irqs.plic.context == 1 && irqs.plic.ndev == 96 && irqs.plic.phandle != 0);
	CHECK(irqs.has_uart_irq && irqs.uart_irq == 10);
	CHECK(irqs.has_rtc && irqs.rtc_base == 0x101000 && irqs.rtc_size == 0x1000);
	dt_irqs_for_hart(&info, 99, &irqs);   /* no such hart: no PLIC for it */
	CHECK(!irqs.has_plic && !irqs.has_uart_irq && irqs.has_rtc);
	free(fdt);
}

/* A copy of QEMU virt's tree with room to edit it, and the console node's offset. */
static void *virt_copy(int *uart)
{
	size_t size;
	void *orig = load_dtb("qemu-virt", &size);
	void *fdt = malloc(size + 1024);

	CHECK(fdt && fdt_open_into(orig, fdt, (int)size + 1024) == 0);
	free(orig);
	*uart = fdt_path_offset(fdt, "/soc/serial@10000000");
	CHECK(*uart >= 0);
	return fdt;
}

/* The console's interrupt only counts when it reaches the PLIC: without "interrupts", or
 * with an interrupt-parent that is another controller, the console has none. */
static void console_irq_needs_the_plic(void)
{
	struct dt_irqs irqs;
	int uart;
	void *fdt = virt_copy(&uart);

	CHECK(fdt_delprop(fdt, uart, "interrupts") == 0);
	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(irqs.has_plic && !irqs.has_uart_irq);
	free(fdt);

	fdt = virt_copy(&uart);
	CHECK(fdt_setprop_u32(fdt, uart, "interrupt-parent", 0x1234) == 0);
	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(irqs.has_plic && !irqs.has_uart_irq);
	free(fdt);
}

/* A PLIC or RTC the kernel cannot use is left out; the boot goes on without it. */
static void broken_devices_left_out(void)
{
	struct dt_irqs irqs;
	int uart;
	void *fdt = virt_copy(&uart);
	int rtc = fdt_node_offset_by_compatible(fdt, -1, "google,goldfish-rtc");

	CHECK(rtc >= 0 && fdt_setprop_string(fdt, rtc, "status", "disabled") == 0);
	/* Looked up after the edit above, which moved the nodes after it. */
	int plic = fdt_node_offset_by_compatible(fdt, -1, "sifive,plic-1.0.0");
	CHECK(plic >= 0 && fdt_setprop(fdt, plic, "reg", "abc", 3) == 0);   /* not a whole entry */
	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(!irqs.has_plic && !irqs.has_uart_irq && !irqs.has_rtc);
	free(fdt);
}

/* sifive_u: hart 0 (the E51) has only an M-mode context; harts 1-4 have M then S, so
 * hart 1's S context is 2 and hart 4's is 8. UART0 is source 4. No RTC. */
static void sifive_u(void)
{
	size_t size;
	void *fdt = load_dtb("sifive-u", &size);
	struct dt_irqs irqs;

	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(!irqs.has_plic && !irqs.has_uart_irq);
	dt_irqs_for_hart(&info, 1, &irqs);
	CHECK(irqs.has_plic && irqs.plic.context == 2 && irqs.plic.ndev == 53);
	CHECK(irqs.has_uart_irq && irqs.uart_irq == 4 && !irqs.has_rtc);
	dt_irqs_for_hart(&info, 4, &irqs);
	CHECK(irqs.has_plic && irqs.plic.context == 8);
	free(fdt);
}

static void without_plic(void)
{
	size_t size;
	void *fdt = load_dtb("no-plic", &size);
	struct dt_irqs irqs;

	parse(fdt);
	dt_irqs_for_hart(&info, 0, &irqs);
	CHECK(!irqs.has_plic && !irqs.has_uart_irq && !irqs.has_rtc);
	free(fdt);
}

int main(void)
{
	TEST(qemu_virt);
	TEST(console_irq_needs_the_plic);
	TEST(broken_devices_left_out);
	TEST(sifive_u);
	TEST(without_plic);
	return TESTS_DONE();
}
