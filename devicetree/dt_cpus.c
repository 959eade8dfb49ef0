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

/* Whether a riscv,isa string says the hart has no S-mode. The single letters after
 * "rv32"/"rv64", up to the first '_' or multi-letter Z extension, name the base ISA and the
 * single-letter extensions. The binding (Linux riscv/extensions.yaml) keeps privilege modes
 * out of them, so most trees say nothing about S-mode there ("rv64imafdc"); but trees in
 * the older style list the modes as the letters 's' and 'u' - SiFive's and StarFive's:
 * the JH7110's U74 harts are "rv64imafdcbsux" and its S7 monitor core, which has M- and
 * U-mode only, "rv64imacu" (StarFive U-Boot's jh7110.dtsi, the tree its factory firmware
 * hands over). So a string naming U-mode without S-mode is a hart without S-mode; a
 * string naming neither tells nothing. Linux skips the same letters as not being ISA
 * extensions (riscv_parse_isa_string). */
static int isa_string_lacks_smode(const char *isa)
{
	int has_s = 0, has_u = 0;

	if (!(equal_ignoring_case(isa, "rv32", 4) || equal_ignoring_case(isa, "rv64", 4)))
		return 0;
	for (const char *p = isa + 4; *p && *p != '_' && *p != 'z' && *p != 'Z'; p++) {
		has_s |= *p == 's' || *p == 'S';
		has_u |= *p == 'u' || *p == 'U';
	}
	return has_u && !has_s;
}

/* Cores with M- and U-mode only, by compatible (Linux riscv/cpus.yaml names them): the
 * S7 monitor core of the JH7110 and FU740, the E51 monitor core of the FU540 and the
 * PolarFire SoC (SiFive's core manuals: "Machine and User privilege modes"). */
static const char *const no_smode_cores[] = { "sifive,s7", "sifive,e51" };

/* Whether the node describes a hart without S-mode, where this kernel cannot run. Trees
 * that enable such a hart with an mmu-type exist: StarFive's factory U-Boot hands over
 * its built-in tree with the S7 (cpu@0) "okay" and "riscv,sv39". */
static int lacks_smode(const struct dt_node *n)
{
	const struct dt_prop *isa = &n->prop[DT_RISCV_ISA];

	for (size_t i = 0; i < sizeof(no_smode_cores) / sizeof(no_smode_cores[0]); i++)
		if (has_compatible(n, no_smode_cores[i]))
			return 1;
	return is_string(isa) && isa_string_lacks_smode(isa->val);
}

/* A hart this kernel can run on: a cpu node, enabled, with an MMU (riscv/cpus.yaml) and
 * S-mode. */
static int is_usable_hart(const struct dt_node *n)
{
	const struct dt_prop *mmu = &n->prop[DT_MMU_TYPE];

	return prop_is(&n->prop[DT_DEVICE_TYPE], "cpu") && is_enabled(n) && mmu->val &&
	       !prop_is(mmu, "riscv,none") && !lacks_smode(n);
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
	/* More harts than the table holds (as many as the kernel runs on) are counted,
	 * not an error (QEMU virt takes -smp up to 512): the boot log says so. */
	if (out->nharts == DT_MAX_HARTS) {
		out->harts_unlisted++;
		return 0;
	}
	struct dt_hart *hart = &out->harts[out->nharts++];
	hart->hartid = (uint32_t)hartid;
	hart->has_sstc = hart_has(n, "sstc");
	hart->isa = is_string(&n->prop[DT_RISCV_ISA]) ? n->prop[DT_RISCV_ISA].val : NULL;
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
		return fail(c, -ENOENT, "no usable hart (enabled, with mmu-type and S-mode) in /cpus", NULL);
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
