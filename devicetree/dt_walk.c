/* One pass over the structure block (devicetree spec v0.4, 5.4): a node is a BEGIN_NODE
 * tag with its name, then PROP tags, then its children, then END_NODE.
 *
 * The walk reads the tags itself with fdt_next_tag() rather than with fdt_next_node()
 * and fdt_for_each_property_offset(): those re-check a node's tag, name included, each
 * time they are handed its offset, at one fdt_offset_ptr() call per character. On QEMU
 * virt's tree (32 nodes, 121 properties) a pass with them costs ~320K instructions, a
 * pass over the tags ~150K. Every read still goes through libfdt's bounds checks:
 * fdt_next_tag() checks each tag, node name and property against the block, and
 * fdt_getprop_by_offset() each property's name against the strings block. */
#include <libfdt.h>
#include "devicetree/dt_walk.h"

/* Linux refuses trees deeper than 64 (FDT_MAX_DEPTH, drivers/of/fdt.c); none nests
 * anywhere near 32. */
#define DT_MAX_DEPTH 32

static const char *const prop_names[DT_NPROPS] = {
	[DT_ADDRESS_CELLS] = "#address-cells",
	[DT_SIZE_CELLS] = "#size-cells",
	[DT_RANGES] = "ranges",
	[DT_REG] = "reg",
	[DT_DEVICE_TYPE] = "device_type",
	[DT_STATUS] = "status",
	[DT_COMPATIBLE] = "compatible",
	[DT_PHANDLE] = "phandle",
	[DT_LINUX_PHANDLE] = "linux,phandle",
	[DT_NO_MAP] = "no-map",
	[DT_MMU_TYPE] = "mmu-type",
	[DT_RISCV_ISA] = "riscv,isa",
	[DT_RISCV_ISA_EXTENSIONS] = "riscv,isa-extensions",
	[DT_TIMEBASE_FREQUENCY] = "timebase-frequency",
	[DT_BOOTARGS] = "bootargs",
	[DT_INITRD_START] = "linux,initrd-start",
	[DT_INITRD_END] = "linux,initrd-end",
	[DT_STDOUT_PATH] = "stdout-path",
	[DT_REGMAP] = "regmap",
	[DT_OFFSET] = "offset",
	[DT_VALUE] = "value",
	[DT_MASK] = "mask",
	[DT_REG_SHIFT] = "reg-shift",
	[DT_REG_IO_WIDTH] = "reg-io-width",
	[DT_RNG_SEED] = "rng-seed",
	[DT_INTERRUPTS] = "interrupts",
	[DT_INTERRUPTS_EXTENDED] = "interrupts-extended",
	[DT_INTERRUPT_PARENT] = "interrupt-parent",
	[DT_INTERRUPT_CONTROLLER] = "interrupt-controller",
	[DT_RISCV_NDEV] = "riscv,ndev",
};

struct walk {
	const void *fdt;
	dt_visit_fn *visit;
	void *arg;
	struct dt_bus bus[DT_MAX_DEPTH];  /* bus[d]: the open node at depth d */
	struct dt_node node;              /* the innermost open node */
	int depth;                        /* of the innermost open node; -1 outside the root */
	int reading_props;                /* node's properties are still coming */
	int seen_root;
};

const char *dt_prop_name(enum dt_prop_id id)
{
	return prop_names[id];
}

/* Comparing first characters before calling strcmp() keeps this cheap: it runs for
 * every property of the tree. */
static enum dt_prop_id prop_id(const char *name)
{
	int id;

	for (id = 0; id < DT_NPROPS; id++)
		if (name[0] == prop_names[id][0] && strcmp(name, prop_names[id]) == 0)
			break;
	return id;
}

/* The open node's properties have all been read: visit it, then open its bus to the
 * children that may follow. */
static void finish_props(struct walk *w)
{
	const struct dt_node *n = &w->node;

	if (!w->reading_props)
		return;
	w->reading_props = 0;
	w->visit(w->arg, n);
	w->bus[n->depth] = (struct dt_bus){
		.offset = n->offset,
		.name = n->name,
		.address_cells = n->prop[DT_ADDRESS_CELLS],
		.size_cells = n->prop[DT_SIZE_CELLS],
		.ranges = n->prop[DT_RANGES],
		.reg = n->prop[DT_REG],
		.interrupt_parent = n->prop[DT_INTERRUPT_PARENT].val || !n->parent ?
				    n->prop[DT_INTERRUPT_PARENT] : n->parent->interrupt_parent,
		.parent = n->parent,
	};
}

static int begin_node(struct walk *w, int offset)
{
	finish_props(w);
	/* A node after the root has closed would be a second root; a node deeper than
	 * DT_MAX_DEPTH has no bus entry to hold it. */
	if ((w->depth < 0 && w->seen_root) || w->depth + 1 == DT_MAX_DEPTH)
		return -FDT_ERR_BADSTRUCTURE;
	w->seen_root = 1;
	w->depth++;
	memset(&w->node, 0, sizeof(w->node));
	w->node.offset = offset;
	w->node.depth = w->depth;
	/* fdt_next_tag() has found the name's terminating NUL inside the block. */
	w->node.name = fdt_offset_ptr(w->fdt, offset + FDT_TAGSIZE, 1);
	w->node.parent = w->depth ? &w->bus[w->depth - 1] : NULL;
	w->reading_props = 1;
	return 0;
}

/* Keeps the property at offset if the kernel reads it and it is the first of its name. */
static int read_prop(struct walk *w, int offset)
{
	const char *name;
	int len;
	const void *val = fdt_getprop_by_offset(w->fdt, offset, &name, &len);

	if (!val)
		return len;
	enum dt_prop_id id = prop_id(name);
	if (id < DT_NPROPS && !w->node.prop[id].val)
		w->node.prop[id] = (struct dt_prop){ val, len };
	return 0;
}

static int end_node(struct walk *w)
{
	finish_props(w);
	if (w->depth < 0)
		return -FDT_ERR_BADSTRUCTURE;
	w->depth--;
	return 0;
}

int dt_walk(const void *fdt, dt_visit_fn *visit, void *arg)
{
	struct walk w = { .fdt = fdt, .visit = visit, .arg = arg, .depth = -1 };
	int offset = 0, next, r = 0;

	for (;;) {
		switch (fdt_next_tag(fdt, offset, &next)) {
		case FDT_BEGIN_NODE:
			r = begin_node(&w, offset);
			break;
		case FDT_PROP:
			if (w.reading_props)
				r = read_prop(&w, offset);
			break;
		case FDT_END_NODE:
			r = end_node(&w);
			break;
		case FDT_END:
			/* Also what fdt_next_tag() returns for a tag it cannot read, with next
			 * negative. A proper FDT_END ends the tree even inside a node, as it
			 * ends fdt_next_node(), but not among a node's properties. */
			if (next < 0)
				return next;
			return w.reading_props ? -FDT_ERR_BADSTRUCTURE : 0;
		}
		if (r)
			return r;
		offset = next;
	}
}
