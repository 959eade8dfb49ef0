/* Power off for devicetree/dt.c: the syscon-poweroff node, which names the device to write
 * to and what to write. */
#include "devicetree/dt_internal.h"
#include "abi/errno.h"

/* A "syscon-poweroff" node: write value, under mask, at offset into the syscon its regmap
 * phandle names (Linux bindings/power/reset/syscon-poweroff.yaml). The walk then looks
 * for that syscon among the nodes to come. None leaves all zero. */
int read_poweroff(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_poweroff *off = &c->out->poweroff;
	int has_value = n->prop[DT_VALUE].val != NULL, has_mask = n->prop[DT_MASK].val != NULL;
	uint32_t phandle;
	int r;

	if ((r = prop_u32_required(c, n, DT_REGMAP, &phandle)) ||
	    (r = prop_u32(c, n, DT_OFFSET, 0, &off->offset)) ||
	    (r = prop_u32(c, n, DT_VALUE, 0, &off->value)) ||
	    (r = prop_u32(c, n, DT_MASK, ~0u, &off->mask)))
		return r;
	if (!has_value && !has_mask)
		return fail(c, -EINVAL, "syscon-poweroff has neither value nor mask", NULL);
	/* The binding's first version had the value in mask (Linux syscon-poweroff.c). */
	if (!has_value) {
		off->value = off->mask;
		off->mask = ~0u;
	}
	/* fdt_node_offset_by_phandle() refuses these two too. */
	if (phandle == 0 || phandle == ~0u)
		return fail(c, -EINVAL, "syscon-poweroff regmap names no node",
			    fdt_strerror(-FDT_ERR_BADPHANDLE));
	c->syscon.phandle = phandle;
	return 0;
}

/* The syscon the regmap names: where it is, that the register lies in it, and whether it
 * is QEMU's test finisher. */
int read_syscon(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_poweroff *off = &c->out->poweroff;
	int r = first_reg(c, n, &off->base, &off->size);

	if (r)
		return r;
	if (off->size < sizeof(uint32_t) || off->offset > off->size - sizeof(uint32_t))
		return fail(c, -EINVAL, "syscon-poweroff offset outside its syscon",
			    node_name(n->name));
	/* The register is a 32-bit word (Linux's syscon regmap has a 4-byte stride and
	 * refuses other offsets); off its alignment the write would be a misaligned store. */
	if (off->offset % sizeof(uint32_t))
		return fail(c, -EINVAL, "syscon-poweroff offset not a multiple of 4",
			    node_name(n->name));
	off->sifive_test = has_compatible(n, "sifive,test0") || has_compatible(n, "sifive,test1");
	return 0;
}
