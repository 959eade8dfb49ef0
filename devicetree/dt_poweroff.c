/* Power off for devicetree/dt.c: the syscon-poweroff node, which names the device to write
 * to and what to write. */
#include "devicetree/dt_internal.h"
#include "abi/errno.h"

/* A "syscon-poweroff" node: write value at offset into the syscon its regmap phandle
 * names (Linux bindings/power/reset/syscon-poweroff.yaml). The walk then looks for that
 * syscon among the nodes to come. None leaves all zero. */
int read_poweroff(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_poweroff *off = &c->out->poweroff;
	uint32_t phandle;
	int r;

	if ((r = prop_u32_required(c, n, DT_REGMAP, &phandle)) ||
	    (r = prop_u32(c, n, DT_OFFSET, 0, &off->offset)) ||
	    (r = prop_u32_required(c, n, DT_VALUE, &off->value)))
		return r;
	/* fdt_node_offset_by_phandle() refuses these two too. */
	if (phandle == 0 || phandle == ~0u)
		return fail(c, -EINVAL, "syscon-poweroff regmap names no node",
			    fdt_strerror(-FDT_ERR_BADPHANDLE));
	c->syscon.phandle = phandle;
	return 0;
}
