/* One pass over the structure block (devicetree spec v0.4, 5.4): a node is a BEGIN_NODE
 * tag with its name, then PROP tags, then its children, then END_NODE.
 *
 * The walk reads the tags itself, with the checks libfdt's fdt_next_tag() and
 * fdt_getprop_by_offset() make and the same errors: each tag, node name and property lies
 * within the structure block, and each property's name within the strings block,
 * NUL-terminated. libfdt reads every header field again for every check, a byte at a
 * time (fdt32_ld), and a node's name through one fdt_offset_ptr() call per character:
 * on QEMU virt's tree (32 nodes, 121 properties) a pass with fdt_next_node() cost ~320K
 * instructions, one with fdt_next_tag() ~150K (most of the boot's device-tree reading).
 * Here the blocks' bounds are read from the header once (fdt_check_header() has checked
 * the header first: devicetree/dt.c). */
#include <libfdt.h>
#include "devicetree/dt_walk.h"
#include "lib/bitops.h"

/* Linux refuses trees deeper than 64 (FDT_MAX_DEPTH, drivers/of/fdt.c); none nests
 * anywhere near 32. */
#define DT_MAX_DEPTH 32

/* Each name with its length. */
#define PROP(id, name) [id] = { name, sizeof(name) - 1 }
static const struct {
	const char *name;
	size_t len;
} props[DT_NPROPS] = {
	PROP(DT_ADDRESS_CELLS, "#address-cells"),
	PROP(DT_SIZE_CELLS, "#size-cells"),
	PROP(DT_RANGES, "ranges"),
	PROP(DT_REG, "reg"),
	PROP(DT_DEVICE_TYPE, "device_type"),
	PROP(DT_STATUS, "status"),
	PROP(DT_COMPATIBLE, "compatible"),
	PROP(DT_PHANDLE, "phandle"),
	PROP(DT_LINUX_PHANDLE, "linux,phandle"),
	PROP(DT_NO_MAP, "no-map"),
	PROP(DT_MMU_TYPE, "mmu-type"),
	PROP(DT_RISCV_ISA, "riscv,isa"),
	PROP(DT_RISCV_ISA_EXTENSIONS, "riscv,isa-extensions"),
	PROP(DT_TIMEBASE_FREQUENCY, "timebase-frequency"),
	PROP(DT_BOOTARGS, "bootargs"),
	PROP(DT_INITRD_START, "linux,initrd-start"),
	PROP(DT_INITRD_END, "linux,initrd-end"),
	PROP(DT_STDOUT_PATH, "stdout-path"),
	PROP(DT_REGMAP, "regmap"),
	PROP(DT_OFFSET, "offset"),
	PROP(DT_VALUE, "value"),
	PROP(DT_MASK, "mask"),
	PROP(DT_REG_SHIFT, "reg-shift"),
	PROP(DT_REG_IO_WIDTH, "reg-io-width"),
	PROP(DT_RNG_SEED, "rng-seed"),
	PROP(DT_INTERRUPTS, "interrupts"),
	PROP(DT_INTERRUPTS_EXTENDED, "interrupts-extended"),
	PROP(DT_INTERRUPT_PARENT, "interrupt-parent"),
	PROP(DT_INTERRUPT_CONTROLLER, "interrupt-controller"),
	PROP(DT_RISCV_NDEV, "riscv,ndev"),
};

/* Where the blocks are and how far a read may go in each: what fdt_offset_ptr() allows
 * in the structure block (totalsize, and size_dt_struct from version 17), and what
 * fdt_get_string() allows in the strings block (the same with size_dt_strings). */
struct blocks {
	const char *st;
	uint32_t st_size;
	const char *strings;
	uint32_t strings_size;
	int old;   /* version 16 and earlier pad values of 8 bytes or more to 8 (libfdt) */
};

/* The kept properties by the length of their names: bit id of by_len[len] for each. */
#define PROP_MAX_LEN 31
_Static_assert(DT_NPROPS <= 32, "by_len holds a bit per kept property");

struct walk {
	const void *fdt;
	struct blocks b;
	uint32_t by_len[PROP_MAX_LEN + 1];
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
	return props[id].name;
}

/* A property is compared with the one to four kept names of its length: this runs for
 * every property of the tree. */

static void index_props(uint32_t by_len[PROP_MAX_LEN + 1])
{
	for (int len = 0; len <= PROP_MAX_LEN; len++)
		by_len[len] = 0;
	for (int id = 0; id < DT_NPROPS; id++)
		if (props[id].len <= PROP_MAX_LEN)
			by_len[props[id].len] |= 1u << id;
}

static enum dt_prop_id prop_id(const uint32_t by_len[PROP_MAX_LEN + 1], const char *name,
			       size_t len)
{
	for (uint32_t m = len <= PROP_MAX_LEN ? by_len[len] : 0; m; m &= m - 1) {
		int id = (int)lowest_set_bit(m);
		if (memcmp(name, props[id].name, len) == 0)
			return id;
	}
	return DT_NPROPS;
}

static void blocks_open(struct blocks *b, const void *fdt)
{
	uint32_t total = fdt_totalsize(fdt), version = fdt_version(fdt);

	b->st = (const char *)fdt + fdt_off_dt_struct(fdt);
	b->st_size = total - fdt_off_dt_struct(fdt);
	b->strings = (const char *)fdt + fdt_off_dt_strings(fdt);
	b->strings_size = total - fdt_off_dt_strings(fdt);
	if (version >= 17) {
		if (fdt_size_dt_struct(fdt) < b->st_size)
			b->st_size = fdt_size_dt_struct(fdt);
		if (fdt_size_dt_strings(fdt) < b->strings_size)
			b->strings_size = fdt_size_dt_strings(fdt);
	}
	b->old = version < 0x10;
}

static uint32_t be32(const char *p)
{
	return fdt32_ld((const fdt32_t *)p);
}

/* The tag at offset, as fdt_next_tag() reads it: *next is where the next one starts, or
 * (with FDT_END) -FDT_ERR_TRUNCATED or -FDT_ERR_BADSTRUCTURE for a tag that runs past
 * the block or is unknown. */
static uint32_t next_tag(const struct blocks *b, uint32_t offset, int *next)
{
	uint64_t end = (uint64_t)offset + FDT_TAGSIZE;

	*next = -FDT_ERR_TRUNCATED;
	if (end > b->st_size)
		return FDT_END;
	uint32_t tag = be32(b->st + offset);
	*next = -FDT_ERR_BADSTRUCTURE;
	switch (tag) {
	case FDT_BEGIN_NODE: {
		const char *nul = memchr(b->st + end, '\0', b->st_size - end);
		if (!nul)
			return FDT_END;
		end = nul + 1 - b->st;
		break;
	}
	case FDT_PROP: {
		if (end + 4 > b->st_size)
			return FDT_END;
		uint32_t len = be32(b->st + end);
		end += sizeof(struct fdt_property) - FDT_TAGSIZE + len;
		if (b->old && len >= 8 && (end - len) % 8)
			end += 4;
		break;
	}
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		break;
	default:
		return FDT_END;
	}
	if (end > b->st_size)
		return FDT_END;
	*next = (int)((end + FDT_TAGSIZE - 1) & ~(uint64_t)(FDT_TAGSIZE - 1));
	return tag;
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
	/* next_tag() has found the name's terminating NUL inside the block. */
	w->node.name = w->b.st + offset + FDT_TAGSIZE;
	w->node.parent = w->depth ? &w->bus[w->depth - 1] : NULL;
	w->reading_props = 1;
	return 0;
}

/* Keeps the property at offset (next_tag() has checked that it lies in the block) if
 * the kernel reads it and it is the first of its name. Its name must lie in the strings
 * block, as fdt_getprop_by_offset() requires: -FDT_ERR_BADOFFSET or -FDT_ERR_TRUNCATED
 * if not. */
static int read_prop(struct walk *w, int offset)
{
	const struct blocks *b = &w->b;
	const char *prop = b->st + offset;
	uint32_t len = be32(prop + 4), nameoff = be32(prop + 8);
	const char *val = prop + sizeof(struct fdt_property);

	if (nameoff >= b->strings_size)
		return -FDT_ERR_BADOFFSET;
	const char *name = b->strings + nameoff;
	const char *nul = memchr(name, '\0', b->strings_size - nameoff);
	if (!nul)
		return -FDT_ERR_TRUNCATED;
	if (b->old && len >= 8 && (offset + sizeof(struct fdt_property)) % 8)
		val += 4;
	enum dt_prop_id id = prop_id(w->by_len, name, nul - name);
	if (id < DT_NPROPS && !w->node.prop[id].val)
		w->node.prop[id] = (struct dt_prop){ val, (int)len };
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

	blocks_open(&w.b, fdt);
	index_props(w.by_len);
	for (;;) {
		switch (next_tag(&w.b, (uint32_t)offset, &next)) {
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
			/* Also what next_tag() returns for a tag it cannot read, with next
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
