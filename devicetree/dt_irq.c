/* Interrupt routing and the RTC, read during dt_parse's one walk (devicetree/dt.c): the
 * PLIC (bindings/interrupt-controller/sifive,plic-1.0.0.yaml), the cpu nodes' interrupt
 * controllers that name its contexts, the console's interrupt (devicetree spec 2.4:
 * "interrupts" and the "interrupt-parent" inherited from the nearest ancestor that has
 * one) and the goldfish RTC (bindings/rtc/google,goldfish-rtc). These devices are
 * optional: a fault in one of their nodes leaves the device out, it does not fail the
 * boot. Which PLIC context takes a hart's S-mode interrupts is worked out afterwards, for
 * the hart that asks (dt_irqs_for_hart), from what the walk kept.
 *
 * This used to be a second pass after dt_parse, with libfdt's fdt_next_node() and a
 * property search per node: 447 thousand instructions of boot on QEMU virt. */
#include "devicetree/dt_internal.h"
#include "devicetree/dt_irq.h"

#define IRQ_S_EXTERNAL 9   /* scause of a supervisor external interrupt */

static const char *const plic_compat[2] = { "sifive,plic-1.0.0", "riscv,plic0" };

/* The first reg entry of an optional device as a CPU address: 0, or nonzero (and no
 * error recorded) when it has none or it cannot be read. */
static int optional_reg(struct dt_ctx *c, const struct dt_node *n, uint64_t *base,
			uint64_t *size)
{
	enum stage stage = c->stage;

	c->stage = STAGE_OPTIONAL;
	int r = first_reg(c, n, base, size);
	c->error[STAGE_OPTIONAL] = (struct dt_error){ 0 };
	c->stage = stage;
	return r;
}

static int one_cell(const struct dt_prop *p, uint32_t *val)
{
	if (!p->val || p->len < 4)
		return -1;
	*val = fdt32_ld(p->val);
	return 0;
}

/* An interrupt controller inside a cpu node: the phandle that PLIC contexts name the
 * hart by (bindings/riscv/cpus.yaml, "interrupt-controller"). */
static void add_hart_intc(struct dt_interrupts *irq, const struct dt_node *n)
{
	struct dt_intc intc;

	if (irq->nintc == DT_MAX_HARTS || !(intc.phandle = node_phandle(n)) ||
	    one_cell(&n->parent->reg, &intc.hartid))
		return;
	irq->intc[irq->nintc++] = intc;
}

static int in_cpu_node(const struct dt_node *n)
{
	return n->parent && strncmp(n->parent->name, "cpu@", 4) == 0;
}

static void add_plic(struct dt_ctx *c, struct dt_interrupts *irq, const struct dt_node *n,
		     int k)
{
	struct dt_plic_node p;
	const struct dt_prop *ie = &n->prop[DT_INTERRUPTS_EXTENDED];

	if (irq->nplic[k] == DT_MAX_PLICS || !is_enabled(n) || !ie->val ||
	    one_cell(&n->prop[DT_RISCV_NDEV], &p.ndev) || optional_reg(c, n, &p.base, &p.size))
		return;
	p.contexts = ie->val;
	p.ncontexts = ie->len / 8;
	p.phandle = node_phandle(n);
	irq->plic[k][irq->nplic[k]++] = p;
}

void irq_note_node(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_interrupts *irq = &c->out->irq;

	if (n->prop[DT_INTERRUPT_CONTROLLER].val && in_cpu_node(n)) {
		add_hart_intc(irq, n);
		return;
	}
	if (!n->prop[DT_COMPATIBLE].val)
		return;
	for (int k = 0; k < 2; k++)
		if (has_compatible(n, plic_compat[k]))
			add_plic(c, irq, n, k);
	if (!irq->has_rtc && has_compatible(n, "google,goldfish-rtc") && is_enabled(n))
		irq->has_rtc = !optional_reg(c, n, &irq->rtc_base, &irq->rtc_size);
}

void irq_note_uart(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_interrupts *irq = &c->out->irq;
	const struct dt_prop *parent = n->prop[DT_INTERRUPT_PARENT].val || !n->parent ?
				       &n->prop[DT_INTERRUPT_PARENT] : &n->parent->interrupt_parent;

	irq->uart_has_irq = !one_cell(&n->prop[DT_INTERRUPTS], &irq->uart_irq) &&
			    !one_cell(parent, &irq->uart_irq_parent);
}

/* The hart id of the cpu node whose interrupt controller has this phandle, or -1. */
static int64_t hart_of_intc(const struct dt_interrupts *irq, uint32_t phandle)
{
	for (int i = 0; i < irq->nintc; i++)
		if (irq->intc[i].phandle == phandle)
			return irq->intc[i].hartid;
	return -1;
}

/* The PLIC's context for hartid's S-mode external interrupts: 0, or -1. */
static int plic_context(const struct dt_interrupts *irq, const struct dt_plic_node *p,
			uint32_t hartid, struct dt_plic *out)
{
	/* One (interrupt-controller phandle, cause) pair per context, in context order; the
	 * one for this hart with cause 9 is S-mode's. */
	for (int ctx = 0; ctx < p->ncontexts; ctx++) {
		const fdt32_t *pair = (const fdt32_t *)p->contexts + 2 * ctx;
		if (fdt32_ld(pair + 1) != IRQ_S_EXTERNAL ||
		    hart_of_intc(irq, fdt32_ld(pair)) != hartid)
			continue;
		*out = (struct dt_plic){ p->base, p->size, (uint32_t)ctx, p->ndev, p->phandle };
		return 0;
	}
	return -1;
}

void dt_irqs_for_hart(const struct dt_info *dt, uint32_t hartid, struct dt_irqs *out)
{
	const struct dt_interrupts *irq = &dt->irq;

	*out = (struct dt_irqs){ 0 };
	for (int k = 0; k < 2 && !out->has_plic; k++)
		for (int i = 0; i < irq->nplic[k] && !out->has_plic; i++)
			out->has_plic = !plic_context(irq, &irq->plic[k][i], hartid, &out->plic);
	/* The console's interrupt, when the controller it names is that PLIC. */
	if (out->has_plic && irq->uart_has_irq && irq->uart_irq_parent == out->plic.phandle) {
		out->has_uart_irq = 1;
		out->uart_irq = irq->uart_irq;
	}
	out->has_rtc = irq->has_rtc;
	out->rtc_base = irq->rtc_base;
	out->rtc_size = irq->rtc_size;
}
