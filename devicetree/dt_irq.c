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

/* A pass over the nodes in document order that keeps each node's ancestors:
 * fdt_parent_offset() and fdt_node_offset_by_phandle() each scan the tree from the root,
 * and libfdt reads every byte of a name through a bounds-checked fdt_offset_ptr(), so the
 * PLIC, console interrupt and RTC lookups used to cost 1.6 million instructions of boot
 * on QEMU virt. One pass finds all three now. */
#define MAX_DEPTH 32

struct scan {
	const void *fdt;
	int node, depth;
	int path[MAX_DEPTH];   /* path[d]: the node's ancestor at depth d (path[depth]: it) */
};

static void scan_start(struct scan *s, const void *fdt)
{
	s->fdt = fdt;
	s->node = -1;
	s->depth = -1;
}

/* Steps to the next node: 1, or 0 at the end (or a tree nested deeper than MAX_DEPTH). */
static int scan_next(struct scan *s)
{
	s->node = fdt_next_node(s->fdt, s->node, &s->depth);
	if (s->node < 0 || s->depth < 0 || s->depth >= MAX_DEPTH)
		return 0;
	s->path[s->depth] = s->node;
	return 1;
}

static int scan_parent(const struct scan *s)
{
	return s->depth > 0 ? s->path[s->depth - 1] : -1;
}

/* The first reg entry of node, whose parent is given: 0, or -1 when it has none (no
 * ranges translation: the buses of QEMU virt and the boards map 1:1). */
static int first_reg(const void *fdt, int node, int parent, uint64_t *base, uint64_t *size)
{
	int len;
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

/* The properties a pass reads of a node, found in one walk over its properties: a
 * property search (fdt_getprop) costs hundreds of instructions a property it passes. */
struct node_props {
	const char *compatible;
	int compatible_len;
	const fdt32_t *interrupts, *interrupts_extended, *ndev;
	int interrupts_extended_len;
	int interrupt_controller;
};

static void read_props(const void *fdt, int node, struct node_props *p)
{
	int off;

	*p = (struct node_props){ 0 };
	fdt_for_each_property_offset(off, fdt, node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(fdt, off, &name, &len);
		if (!val)
			continue;
		if (!strcmp(name, "compatible")) {
			p->compatible = val;
			p->compatible_len = len;
		} else if (!strcmp(name, "interrupts")) {
			p->interrupts = val;
		} else if (!strcmp(name, "interrupts-extended")) {
			p->interrupts_extended = val;
			p->interrupts_extended_len = len;
		} else if (!strcmp(name, "riscv,ndev")) {
			p->ndev = val;
		} else if (!strcmp(name, "interrupt-controller")) {
			p->interrupt_controller = 1;
		}
	}
}

static int compatible(const struct node_props *p, const char *what)
{
	return p->compatible && fdt_stringlist_contains(p->compatible, p->compatible_len, what);
}

/* Interrupt controllers of cpu nodes: phandle and the hart id (the cpu's reg). */
#define MAX_INTCS 64
struct hart_intc {
	uint32_t phandle;
	int64_t hartid;
};

/* PLIC candidates, in document order, for each compatible string. */
#define MAX_PLICS 4
static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };

struct plic_candidate {
	int node, parent;
	const fdt32_t *ie, *ndev;
	int ie_len;
};

/* What the one pass collects. */
struct irq_scan {
	struct hart_intc intc[MAX_INTCS];
	int nintc;
	struct plic_candidate plic[2][MAX_PLICS];
	int nplic[2];
	int uart, uart_depth;               /* the console's node (-1: none) */
	const fdt32_t *uart_interrupts;
	int uart_path[MAX_DEPTH];           /* its ancestors, for interrupt-parent */
	int rtc, rtc_parent;                /* the first goldfish RTC (-1: none) */
};

/* Whether the node's name starts with prefix (cheap: no property search). */
static int name_starts(const void *fdt, int node, const char *prefix)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	return name && !strncmp(name, prefix, strlen(prefix));
}

static void note_node(struct irq_scan *is, const struct scan *s, uint64_t uart_base)
{
	const void *fdt = s->fdt;
	int parent = scan_parent(s);
	struct node_props p;
	uint64_t base, size;

	read_props(fdt, s->node, &p);
	if (p.interrupt_controller && parent >= 0 && name_starts(fdt, parent, "cpu@")) {
		const fdt32_t *reg = fdt_getprop(fdt, parent, "reg", NULL);
		uint32_t phandle = fdt_get_phandle(fdt, s->node);
		if (phandle && reg && is->nintc < MAX_INTCS)
			is->intc[is->nintc++] = (struct hart_intc){ phandle, fdt32_to_cpu(reg[0]) };
		return;
	}
	for (int k = 0; k < 2; k++) {
		if (is->nplic[k] < MAX_PLICS && compatible(&p, plic_compat[k]))
			is->plic[k][is->nplic[k]++] = (struct plic_candidate){
				s->node, parent, p.interrupts_extended, p.ndev,
				p.interrupts_extended_len };
	}
	if (is->rtc < 0 && compatible(&p, "google,goldfish-rtc")) {
		is->rtc = s->node;
		is->rtc_parent = parent;
	}
	if (is->uart < 0 && p.interrupts && !first_reg(fdt, s->node, parent, &base, &size) &&
	    base == uart_base) {
		is->uart = s->node;
		is->uart_depth = s->depth;
		is->uart_interrupts = p.interrupts;
		for (int d = 0; d <= s->depth; d++)
			is->uart_path[d] = s->path[d];
	}
}

/* The hart id of the cpu node whose interrupt controller has this phandle, or -1. */
static int64_t hart_of_intc(const struct irq_scan *is, uint32_t phandle)
{
	for (int i = 0; i < is->nintc; i++)
		if (is->intc[i].phandle == phandle)
			return is->intc[i].hartid;
	return -1;
}

/* The PLIC candidate's context for hartid's S-mode external interrupts: 0, or -1. */
static int plic_context(const void *fdt, const struct irq_scan *is,
			const struct plic_candidate *c, uint32_t hartid, struct dt_plic *out)
{
	if (!okay(fdt, c->node) || !c->ie || !c->ndev ||
	    first_reg(fdt, c->node, c->parent, &out->base, &out->size))
		return -1;
	/* One (interrupt-controller phandle, cause) pair per context, in context order; the
	 * one for this hart with cause 9 is S-mode's. */
	for (int ctx = 0; ctx < c->ie_len / 8; ctx++) {
		if (fdt32_to_cpu(c->ie[2 * ctx + 1]) != IRQ_S_EXTERNAL ||
		    hart_of_intc(is, fdt32_to_cpu(c->ie[2 * ctx])) != hartid)
			continue;
		out->context = (uint32_t)ctx;
		out->ndev = fdt32_to_cpu(*c->ndev);
		out->phandle = fdt_get_phandle(fdt, c->node);
		return 0;
	}
	return -1;
}

/* The console's interrupt if the controller it names (its own interrupt-parent or its
 * nearest ancestor's) is the PLIC: 0, or -1. */
static int uart_irq(const void *fdt, const struct irq_scan *is, uint32_t plic_phandle,
		    uint32_t *irq)
{
	if (is->uart < 0)
		return -1;
	for (int d = is->uart_depth; d >= 0; d--) {
		const fdt32_t *ip = fdt_getprop(fdt, is->uart_path[d], "interrupt-parent", NULL);
		if (!ip)
			continue;
		if (fdt32_to_cpu(*ip) != plic_phandle)
			return -1;
		*irq = fdt32_to_cpu(*is->uart_interrupts);
		return 0;
	}
	return -1;
}

void dt_find_irqs(const void *fdt, uint32_t hartid, uint64_t uart_base, struct dt_irqs *out)
{
	static struct irq_scan is;   /* boot only, one hart: too big for the stack */
	struct scan s;

	is.nintc = is.nplic[0] = is.nplic[1] = 0;
	is.uart = is.rtc = -1;
	*out = (struct dt_irqs){ 0 };
	scan_start(&s, fdt);
	while (scan_next(&s))
		note_node(&is, &s, uart_base);
	for (int k = 0; k < 2 && !out->has_plic; k++)
		for (int i = 0; i < is.nplic[k] && !out->has_plic; i++)
			out->has_plic = !plic_context(fdt, &is, &is.plic[k][i], hartid, &out->plic);
	out->has_uart_irq = out->has_plic && !uart_irq(fdt, &is, out->plic.phandle, &out->uart_irq);
	out->has_rtc = is.rtc >= 0 && okay(fdt, is.rtc) &&
		       !first_reg(fdt, is.rtc, is.rtc_parent, &out->rtc_base, &out->rtc_size);
}
