/* Interrupt routing and the RTC from the device tree, read with libfdt after boot (the
 * blob stays reserved): the PLIC (bindings/interrupt-controller/sifive,plic-1.0.0.yaml),
 * the context that delivers its interrupts to a hart in S-mode, a device's interrupt
 * (devicetree spec 2.4: "interrupts" and the "interrupt-parent" inherited from the
 * nearest ancestor that has one) and the goldfish RTC (bindings/rtc/google,goldfish-rtc). */
#include <string.h>
#include <libfdt.h>
#include "devicetree/dt_irq.h"

#define IRQ_S_EXTERNAL 9   /* scause of a supervisor external interrupt */

static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* The first reg entry of node: 0, or -1 when it has none (no ranges translation: the
 * buses of QEMU virt and the boards map 1:1). */
static int first_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node), len;
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (ac + sc) * 4)
		return -1;
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return 0;
}

static int okay(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);
	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

/* The hart id of the cpu node whose interrupt controller has this phandle, or -1. */
static int64_t hart_of_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle);
	int cpu = intc < 0 ? intc : fdt_parent_offset(fdt, intc);
	const fdt32_t *reg = cpu < 0 ? NULL : fdt_getprop(fdt, cpu, "reg", NULL);
	return reg ? (int64_t)fdt32_to_cpu(reg[0]) : -1;
}

int dt_find_plic(const void *fdt, uint32_t hartid, struct dt_plic *out)
{
	static const char *const compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };

	for (unsigned k = 0; k < 2; k++) {
		for (int node = fdt_node_offset_by_compatible(fdt, -1, compat[k]); node >= 0;
		     node = fdt_node_offset_by_compatible(fdt, node, compat[k])) {
			int len;
			const fdt32_t *ie = fdt_getprop(fdt, node, "interrupts-extended", &len);
			const fdt32_t *ndev = fdt_getprop(fdt, node, "riscv,ndev", NULL);
			if (!okay(fdt, node) || !ie || !ndev ||
			    first_reg(fdt, node, &out->base, &out->size))
				continue;
			/* One (interrupt-controller phandle, cause) pair per context, in
			 * context order; the one for this hart with cause 9 is S-mode's. */
			for (int ctx = 0; ctx < len / 8; ctx++) {
				if (fdt32_to_cpu(ie[2 * ctx + 1]) != IRQ_S_EXTERNAL ||
				    hart_of_intc(fdt, fdt32_to_cpu(ie[2 * ctx])) != hartid)
					continue;
				out->context = (uint32_t)ctx;
				out->ndev = fdt32_to_cpu(*ndev);
				out->phandle = fdt_get_phandle(fdt, node);
				return 0;
			}
		}
	}
	return -1;
}

/* The node whose first reg entry starts at base, or -1. */
static int node_at(const void *fdt, uint64_t base)
{
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		uint64_t b, s;
		if (fdt_getprop(fdt, node, "interrupts", NULL) && !first_reg(fdt, node, &b, &s) &&
		    b == base)
			return node;
	}
	return -1;
}

int dt_device_irq(const void *fdt, uint64_t base, uint32_t parent_phandle, uint32_t *irq)
{
	int node = node_at(fdt, base);
	const fdt32_t *ints = node < 0 ? NULL : fdt_getprop(fdt, node, "interrupts", NULL);

	for (int n = node; n >= 0; n = fdt_parent_offset(fdt, n)) {
		const fdt32_t *ip = fdt_getprop(fdt, n, "interrupt-parent", NULL);
		if (!ip)
			continue;
		if (fdt32_to_cpu(*ip) != parent_phandle || !ints)
			return -1;
		*irq = fdt32_to_cpu(*ints);
		return 0;
	}
	return -1;
}

int dt_find_rtc(const void *fdt, uint64_t *base, uint64_t *size)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "google,goldfish-rtc");
	return node < 0 || !okay(fdt, node) ? -1 : first_reg(fdt, node, base, size);
}
