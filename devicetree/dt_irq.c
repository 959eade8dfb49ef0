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
 * lookups below used to cost 1.6 million instructions of boot on QEMU virt. One pass
 * each now. */
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

/* Interrupt controllers of cpu nodes: phandle and the hart id (the cpu's reg). */
#define MAX_INTCS 64
struct hart_intc {
	uint32_t phandle;
	int64_t hartid;
};

/* PLIC candidates, in document order, for each compatible string. */
#define MAX_PLICS 4
static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };

struct plic_scan {
	struct hart_intc intc[MAX_INTCS];
	int nintc;
	int plic[2][MAX_PLICS], parent[2][MAX_PLICS], nplic[2];
};

/* Whether the node's name starts with prefix (cheap: no property search). */
static int name_starts(const void *fdt, int node, const char *prefix)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	return name && !strncmp(name, prefix, strlen(prefix));
}

/* Notes a cpu's interrupt controller (a child of a node named cpu@...) and a PLIC. A
 * property search costs a thousand instructions or more a node, so each node gets one. */
static void note_node(struct plic_scan *ps, const struct scan *s)
{
	const void *fdt = s->fdt;
	int parent = scan_parent(s), len;

	if (parent >= 0 && name_starts(fdt, parent, "cpu@")) {
		const fdt32_t *reg = fdt_getprop(fdt, parent, "reg", NULL);
		uint32_t phandle = fdt_get_phandle(fdt, s->node);
		if (phandle && reg && ps->nintc < MAX_INTCS &&
		    fdt_getprop(fdt, s->node, "interrupt-controller", NULL))
			ps->intc[ps->nintc++] = (struct hart_intc){ phandle, fdt32_to_cpu(reg[0]) };
		return;
	}
	const char *compat = fdt_getprop(fdt, s->node, "compatible", &len);
	for (int k = 0; compat && k < 2; k++) {
		if (ps->nplic[k] < MAX_PLICS && fdt_stringlist_contains(compat, len, plic_compat[k])) {
			ps->plic[k][ps->nplic[k]] = s->node;
			ps->parent[k][ps->nplic[k]++] = parent;
		}
	}
}

/* The hart id of the cpu node whose interrupt controller has this phandle, or -1. */
static int64_t hart_of_intc(const struct plic_scan *ps, uint32_t phandle)
{
	for (int i = 0; i < ps->nintc; i++)
		if (ps->intc[i].phandle == phandle)
			return ps->intc[i].hartid;
	return -1;
}

static int plic_context(const void *fdt, const struct plic_scan *ps, int node, int parent,
			uint32_t hartid, struct dt_plic *out)
{
	int len;
	const fdt32_t *ie = fdt_getprop(fdt, node, "interrupts-extended", &len);
	const fdt32_t *ndev = fdt_getprop(fdt, node, "riscv,ndev", NULL);

	if (!okay(fdt, node) || !ie || !ndev ||
	    first_reg(fdt, node, parent, &out->base, &out->size))
		return -1;
	/* One (interrupt-controller phandle, cause) pair per context, in context order; the
	 * one for this hart with cause 9 is S-mode's. */
	for (int ctx = 0; ctx < len / 8; ctx++) {
		if (fdt32_to_cpu(ie[2 * ctx + 1]) != IRQ_S_EXTERNAL ||
		    hart_of_intc(ps, fdt32_to_cpu(ie[2 * ctx])) != hartid)
			continue;
		out->context = (uint32_t)ctx;
		out->ndev = fdt32_to_cpu(*ndev);
		out->phandle = fdt_get_phandle(fdt, node);
		return 0;
	}
	return -1;
}

int dt_find_plic(const void *fdt, uint32_t hartid, struct dt_plic *out)
{
	static struct plic_scan ps;   /* boot only, one hart: too big for the stack */
	struct scan s;

	ps.nintc = ps.nplic[0] = ps.nplic[1] = 0;
	scan_start(&s, fdt);
	while (scan_next(&s))
		note_node(&ps, &s);
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < ps.nplic[k]; i++)
			if (!plic_context(fdt, &ps, ps.plic[k][i], ps.parent[k][i], hartid, out))
				return 0;
	return -1;
}

int dt_device_irq(const void *fdt, uint64_t base, uint32_t parent_phandle, uint32_t *irq)
{
	struct scan s;

	scan_start(&s, fdt);
	while (scan_next(&s)) {
		uint64_t b, size;
		const fdt32_t *ints = fdt_getprop(fdt, s.node, "interrupts", NULL);
		if (!ints || first_reg(fdt, s.node, scan_parent(&s), &b, &size) || b != base)
			continue;
		/* The interrupt-parent of the node or of its nearest ancestor with one. */
		for (int d = s.depth; d >= 0; d--) {
			const fdt32_t *ip = fdt_getprop(fdt, s.path[d], "interrupt-parent", NULL);
			if (!ip)
				continue;
			if (fdt32_to_cpu(*ip) != parent_phandle)
				return -1;
			*irq = fdt32_to_cpu(*ints);
			return 0;
		}
		return -1;
	}
	return -1;
}

int dt_find_rtc(const void *fdt, uint64_t *base, uint64_t *size)
{
	struct scan s;

	scan_start(&s, fdt);
	while (scan_next(&s)) {
		if (fdt_node_check_compatible(fdt, s.node, "google,goldfish-rtc"))
			continue;
		if (!okay(fdt, s.node))
			return -1;
		return first_reg(fdt, s.node, scan_parent(&s), base, size);
	}
	return -1;
}
