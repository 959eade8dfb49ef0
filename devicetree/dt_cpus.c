/* Harts for devicetree/dt.c: the usable cpu nodes under /cpus, the ISA extensions each one
 * has, and the timebase-frequency. */
#include "devicetree/dt_internal.h"
#include "abi/errno.h"

static int equal_ignoring_case(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] - 'A' + 'a' : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] - 'A' + 'a' : b[i];
		if (x != y)
			return 0;
	}
	return 1;
}

/* Whether an ISA string like "rv64imafdch_zicsr_sstc" names the multi-letter extension
 * ext: single-letter extensions come first, then multi-letter ones, each after a '_'
 * (unprivileged ISA manual, "ISA Extension Naming Conventions"). Names match whole. */
static int isa_string_has(const char *isa, size_t len, const char *ext)
{
	const char *end = isa + len;
	const char *name = memchr(isa, '_', len);
	size_t extlen = strlen(ext);

	while (name) {
		name++;
		const char *next = memchr(name, '_', end - name);
		size_t n = (next ? next : end) - name;
		if (n == extlen && equal_ignoring_case(name, ext, n))
			return 1;
		name = next;
	}
	return 0;
}

/* The newer riscv,isa-extensions string list wins over the riscv,isa string
 * (Linux Documentation/devicetree/bindings/riscv/extensions.yaml). */
static int hart_has(const struct dt_node *n, const char *ext)
{
	const struct dt_prop *list = &n->prop[DT_RISCV_ISA_EXTENSIONS];
	const struct dt_prop *isa = &n->prop[DT_RISCV_ISA];

	if (list->val)
		return fdt_stringlist_contains(list->val, list->len, ext);
	return is_string(isa) && isa_string_has(isa->val, strlen(isa->val), ext);
}

/* A hart this kernel can run on: a cpu node, enabled, with an MMU (riscv/cpus.yaml). */
static int is_usable_hart(const struct dt_node *n)
{
	const struct dt_prop *mmu = &n->prop[DT_MMU_TYPE];

	return prop_is(&n->prop[DT_DEVICE_TYPE], "cpu") && is_enabled(n) && mmu->val &&
	       !prop_is(mmu, "riscv,none");
}

static int add_hart(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_info *out = c->out;
	struct reg_prop reg;
	uint64_t hartid, unused;
	int r = reg_open(c, n, &reg);

	if (r)
		return r;
	if (reg.count != 1)
		return fail(c, -EINVAL, "cpu reg is not one hart id", reg.node);
	reg_bus_entry(&reg, 0, &hartid, &unused);
	if (hartid > UINT32_MAX)
		return fail(c, -EINVAL, "hart id above 32 bits", reg.node);
	/* The kernel runs on one hart, so more harts than the table holds are counted,
	 * not an error (QEMU virt takes -smp up to 512). */
	if (out->nharts == DT_MAX_HARTS) {
		out->harts_unlisted++;
		return 0;
	}
	struct dt_hart *hart = &out->harts[out->nharts++];
	hart->hartid = (uint32_t)hartid;
	hart->has_sstc = hart_has(n, "sstc");
	return 0;
}

/* A child of /cpus; the first usable one may hold the timebase-frequency. */
void add_cpu(struct dt_ctx *c, const struct dt_node *n)
{
	if (!is_usable_hart(n) || add_hart(c, n))
		return;
	if (c->out->nharts == 1)
		c->first_hart = *n;
}

/* After the walk: usable harts and timebase-frequency, which sits in /cpus or in each
 * cpu node. */
int finish_harts(struct dt_ctx *c)
{
	int found, r;

	if (c->cpus < 0)
		return fail(c, -ENOENT, "no /cpus node", NULL);
	if (c->out->nharts == 0)
		return fail(c, -ENOENT, "no usable hart (enabled, with mmu-type) in /cpus", NULL);
	if ((r = prop_number(c, &c->cpus_node, DT_TIMEBASE_FREQUENCY, &found,
			     &c->out->timebase_hz)))
		return r;
	if (!found && (r = prop_number(c, &c->first_hart, DT_TIMEBASE_FREQUENCY, &found,
				       &c->out->timebase_hz)))
		return r;
	if (c->out->timebase_hz == 0)
		return fail(c, -ENOENT, "no timebase-frequency", NULL);
	return 0;
}
