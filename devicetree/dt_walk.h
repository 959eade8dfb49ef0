/* One pass over the structure block of a flattened device tree (devicetree spec v0.4,
 * 5.4), handing each node with the properties the kernel reads to a visitor. Private to
 * the device tree reader, devicetree/dt*.c. */
#ifndef KERNEL_DT_WALK_H
#define KERNEL_DT_WALK_H

/* The properties devicetree/dt*.c read; the walk keeps these and skips the others. */
enum dt_prop_id {
	DT_ADDRESS_CELLS, DT_SIZE_CELLS, DT_RANGES, DT_REG, DT_DEVICE_TYPE, DT_STATUS,
	DT_COMPATIBLE, DT_PHANDLE, DT_LINUX_PHANDLE, DT_NO_MAP, DT_MMU_TYPE, DT_RISCV_ISA,
	DT_RISCV_ISA_EXTENSIONS, DT_TIMEBASE_FREQUENCY, DT_BOOTARGS, DT_INITRD_START,
	DT_INITRD_END, DT_STDOUT_PATH, DT_REGMAP, DT_OFFSET, DT_VALUE, DT_MASK,
	DT_REG_SHIFT, DT_REG_IO_WIDTH, DT_RNG_SEED, DT_INTERRUPTS, DT_INTERRUPTS_EXTENDED,
	DT_INTERRUPT_PARENT, DT_INTERRUPT_CONTROLLER, DT_RISCV_NDEV,
	DT_NPROPS
};

/* A property's value in the blob, bounds-checked by libfdt; val is NULL when absent. */
struct dt_prop {
	const void *val;
	int len;
};

/* What a node's children need of it: the bus their reg addresses live on (spec 2.3.5,
 * 2.3.8), its own reg (a cpu node's hart id, for its interrupt controller) and the
 * interrupt-parent its descendants inherit (spec 2.4.1: its own, or the nearest
 * ancestor's). parent is NULL for the root. */
struct dt_bus {
	int offset;
	const char *name;
	struct dt_prop address_cells, size_cells, ranges, reg, interrupt_parent;
	const struct dt_bus *parent;
};

/* A node as the visitor sees it. Like fdt_getprop(), a property name given twice counts
 * once, and properties after a node's first child belong to no node. parent (and the
 * buses above it) live only as long as the visit. */
struct dt_node {
	int offset;
	int depth;                    /* 0 for the root */
	const char *name;             /* "" for the root */
	const struct dt_bus *parent;  /* NULL for the root */
	struct dt_prop prop[DT_NPROPS];
};

typedef void dt_visit_fn(void *arg, const struct dt_node *node);

/* Calls visit for every node in document order, each once its properties are read and
 * before its children. fdt's header must have passed fdt_check_header(). Returns 0, or a negative libfdt error (-FDT_ERR_TRUNCATED,
 * -FDT_ERR_BADSTRUCTURE, -FDT_ERR_BADOFFSET, ...) when the structure block is malformed
 * or nests deeper than 32 levels; nodes before the fault have been visited by then. */
int dt_walk(const void *fdt, dt_visit_fn *visit, void *arg);

/* "#address-cells", "reg", ...: for error messages. */
const char *dt_prop_name(enum dt_prop_id id);

#endif
