/* Property values for devicetree/dt.c: numbers of one or two cells, and reg entries turned
 * into CPU physical addresses through the #address-cells, #size-cells and ranges of the
 * buses above them (devicetree spec 2.3.5, 2.3.6, 2.3.8). */
#include "devicetree/dt_internal.h"
#include "abi/errno.h"

/* A one-cell property; dflt when absent. */
int prop_u32(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id, uint32_t dflt,
	     uint32_t *val)
{
	const struct dt_prop *p = &n->prop[id];

	*val = dflt;
	if (!p->val)
		return 0;
	if (p->len != 4)
		return fail(c, -EINVAL, "property is not one cell", dt_prop_name(id));
	*val = fdt32_ld(p->val);
	return 0;
}

int prop_u32_required(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id,
		      uint32_t *val)
{
	if (!n->prop[id].val)
		return fail(c, -EINVAL, "missing property", dt_prop_name(id));
	return prop_u32(c, n, id, 0, val);
}

/* A number of one or two cells, told apart by the property's length: QEMU writes
 * linux,initrd-start as one cell, U-Boot as two. *found is 0 when it is absent. */
int prop_number(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id, int *found,
		uint64_t *val)
{
	const struct dt_prop *p = &n->prop[id];

	*found = p->val != NULL;
	*val = 0;
	if (!p->val)
		return 0;
	if (p->len != 4 && p->len != 8)
		return fail(c, -EINVAL, "property is neither one nor two cells", dt_prop_name(id));
	*val = read_cells(p->val, p->len / 4);
	return 0;
}

/* A #address-cells or #size-cells value, or absent when the property is missing; -1 if
 * it is not one cell. */
static int cell_count(const struct dt_prop *p, uint32_t absent, uint32_t *count)
{
	*count = absent;
	if (!p->val)
		return 0;
	if (p->len != 4)
		return -1;
	*count = fdt32_ld(p->val);
	return 0;
}

/* #address-cells and #size-cells of a bus node (spec 2.3.5: 2 and 1 when absent); this
 * reader handles addresses of 1 or 2 cells and sizes of 0 to 2 cells. The root has no
 * bus above it (bus NULL). */
static int bus_cells(struct dt_ctx *c, const struct dt_bus *bus, int *addr_cells,
		     int *size_cells)
{
	uint32_t ac, sc;

	if (!bus || cell_count(&bus->address_cells, 2, &ac) ||
	    cell_count(&bus->size_cells, 1, &sc) || ac < 1 || ac > 2 || sc > 2)
		return fail(c, -EINVAL, "unsupported #address-cells or #size-cells",
			    bus ? node_name(bus->name) : "/");
	*addr_cells = ac;
	*size_cells = sc;
	return 0;
}

/* Opens n's "reg", whose entries use the parent's cell sizes (spec 2.3.6). A node
 * without reg has no entries. */
int reg_open(struct dt_ctx *c, const struct dt_node *n, struct reg_prop *reg)
{
	int r = bus_cells(c, n->parent, &reg->addr_cells, &reg->size_cells);

	if (r)
		return r;
	reg->bus = n->parent;
	reg->node = node_name(n->name);
	reg->cells = n->prop[DT_REG].val;
	int len = reg->cells ? n->prop[DT_REG].len : 0;
	int entry_bytes = 4 * (reg->addr_cells + reg->size_cells);
	if (len % entry_bytes)
		return fail(c, -EINVAL, "reg is not a whole number of entries", reg->node);
	reg->count = len / entry_bytes;
	return 0;
}

/* Entry i of reg as an address on the parent's bus. */
void reg_bus_entry(const struct reg_prop *reg, int i, uint64_t *addr, uint64_t *size)
{
	const fdt32_t *entry = reg->cells + i * (reg->addr_cells + reg->size_cells);

	*addr = read_cells(entry, reg->addr_cells);
	*size = read_cells(entry + reg->addr_cells, reg->size_cells);
}

/* Maps addr from bus's address space into its parent's through bus's non-empty
 * "ranges": (child address, parent address, length) triples (spec 2.3.8). */
static int map_through_ranges(struct dt_ctx *c, const struct dt_bus *bus, uint64_t *addr)
{
	const fdt32_t *ranges = bus->ranges.val;
	int child_ac, child_sc, parent_ac, parent_sc;
	int r = bus_cells(c, bus, &child_ac, &child_sc);

	if (!r)
		r = bus_cells(c, bus->parent, &parent_ac, &parent_sc);
	if (r)
		return r;
	int entry_cells = child_ac + parent_ac + child_sc;
	if (bus->ranges.len % (4 * entry_cells))
		return fail(c, -EINVAL, "ranges is not a whole number of entries",
			    node_name(bus->name));
	for (const fdt32_t *e = ranges; e < ranges + bus->ranges.len / 4; e += entry_cells) {
		uint64_t child = read_cells(e, child_ac);
		uint64_t parent = read_cells(e + child_ac, parent_ac);
		uint64_t size = read_cells(e + child_ac + parent_ac, child_sc);
		if (*addr >= child && *addr - child < size) {
			*addr = parent + (*addr - child);
			return 0;
		}
	}
	return fail(c, -EINVAL, "address outside the ranges of its bus", node_name(bus->name));
}

/* Turns an address on bus into a CPU physical address, one ancestor at a time up to the
 * root. An empty "ranges" is the identity; a bus without "ranges" is not memory-mapped
 * (spec 2.3.8). */
static int translate(struct dt_ctx *c, const struct dt_bus *bus, uint64_t *addr)
{
	for (; bus && bus->parent; bus = bus->parent) {
		int r;
		if (!bus->ranges.val)
			return fail(c, -EINVAL, "bus without ranges", node_name(bus->name));
		if (bus->ranges.len > 0 && (r = map_through_ranges(c, bus, addr)))
			return r;
	}
	return 0;
}

/* Entry i of reg as a CPU physical address. */
int reg_entry(struct dt_ctx *c, const struct reg_prop *reg, int i, uint64_t *base,
	      uint64_t *size)
{
	reg_bus_entry(reg, i, base, size);
	return translate(c, reg->bus, base);
}

int first_reg(struct dt_ctx *c, const struct dt_node *n, uint64_t *base, uint64_t *size)
{
	struct reg_prop reg;
	int r = reg_open(c, n, &reg);

	if (r)
		return r;
	if (reg.count == 0)
		return fail(c, -EINVAL, "no reg", reg.node);
	return reg_entry(c, &reg, 0, base, size);
}
