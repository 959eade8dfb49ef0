/* Reads the flattened device tree (devicetree spec v0.4) with libfdt into struct dt_info.
 *
 * dt_parse() gets no buffer size: the header's totalsize is the only bound there is. So
 * the header is checked up front and every property is length-checked before it is
 * read; a blob whose totalsize is larger than the memory really holding it cannot be
 * detected here.
 *
 * The structure block is walked once (kernel/dt_walk.c), which also checks it: each node
 * comes to visit_node() with its properties and its ancestors' buses, parents first, and
 * is recorded for what it is (RAM, a reserved region, a hart, /chosen, ...). Asking
 * libfdt one question at a time instead - by path, by compatible, by phandle, a parent
 * for every reg - rescanned the tree a dozen times: 2.5 million instructions on QEMU
 * virt, most of the boot, against about 220 thousand now. */
#include <libfdt.h>
#include "kernel/dt.h"
#include "kernel/dt_walk.h"
#include "kernel/errmsg.h"
#include "kernel/errno.h"

/* Linux/riscv maps at most 2 MiB of device tree (MAX_FDT_SIZE, asm/fixmap.h). */
#define DT_MAX_SIZE (2u << 20)

/* The steps of reading the tree, in the order their errors take precedence. The walk
 * meets faults in document order, but a tree with several is reported as if each step
 * had run over the whole tree in turn: the first fault of the first step that has one. */
enum stage {
	STAGE_STRUCTURE,  /* the header and the structure block */
	STAGE_RAM,        /* memory nodes */
	STAGE_MEMRESERVE, /* the header's memory reservation block */
	STAGE_RESERVED,   /* /reserved-memory children and the dtb itself */
	STAGE_CHOSEN,     /* /chosen: bootargs, initrd, boot-hartid, stdout-path */
	STAGE_CONSOLE,    /* the UART the console path names */
	STAGE_HARTS,      /* /cpus */
	STAGE_POWEROFF,   /* the syscon-poweroff node */
	STAGE_SYSCON,     /* the device its regmap names */
	NSTAGES
};

struct dt_error {
	int code;                    /* 0: none */
	const char *what, *detail;   /* constants or strings in the blob */
};

/* Looks for the node at a path as the walk goes by, the way fdt_path_offset() finds it:
 * the first child matching each component in turn, without backtracking. */
struct path_lookup {
	const char *path;  /* NULL: not looking */
	int len;
	const char *rest;  /* the components not matched yet */
	int depth;         /* of the last node matched; -1 before the root */
	int found, lost;   /* lost: the walk left the last match without finding the rest */
};

/* Looks for the node with a phandle as the walk goes by. A phandle is unique (spec
 * 2.3.3), so the first node with it that the walk meets after the syscon-poweroff node
 * is the one fdt_node_offset_by_phandle() finds. */
struct phandle_lookup {
	uint32_t phandle;  /* 0: not looking */
	int found;
};

/* What every step of dt_parse works on. */
struct dt_ctx {
	const void *fdt;
	struct dt_info *out;
	enum stage stage;                /* the step fail() records errors for */
	struct dt_error error[NSTAGES];  /* the first error of each step */
	int targets_only;                /* a second walk, only for the two lookups */
	/* Offsets of the first top-level nodes so named, as fdt_path_offset() finds
	 * "/chosen"; -1 until the walk meets them. */
	int chosen, aliases, cpus, reserved_memory;
	struct dt_node chosen_node, cpus_node, first_hart;  /* copies, for after the walk */
	int seen_poweroff;
	struct path_lookup console;
	struct phandle_lookup syscon;
};

/* One reg property: count (address, size) pairs of the cell sizes of bus, the parent. */
struct reg_prop {
	const struct dt_bus *bus;
	const char *node;
	const fdt32_t *cells;
	int addr_cells, size_cells;
	int count;
};

/* Records "what: detail" (or just "what") as the current step's error, unless the step
 * has one already. */
static int fail(struct dt_ctx *c, int code, const char *what, const char *detail)
{
	struct dt_error *e = &c->error[c->stage];

	if (!e->code)
		*e = (struct dt_error){ code, what, detail };
	return code;
}

/* Writes the reason of the first step that failed into err and returns its code, or
 * returns 0. */
static int report(const struct dt_ctx *c, char *err, size_t errlen)
{
	for (int s = 0; s < NSTAGES; s++) {
		const struct dt_error *e = &c->error[s];
		if (e->code)
			return error_message(err, errlen, e->code, e->what, e->detail);
	}
	return 0;
}

static const char *node_name(const char *name)
{
	return *name ? name : "/";
}

static int is_string(const struct dt_prop *p)
{
	return p->val && p->len > 0 && ((const char *)p->val)[p->len - 1] == '\0';
}

static int prop_is(const struct dt_prop *p, const char *value)
{
	return p->val && p->len == (int)strlen(value) + 1 && memcmp(p->val, value, p->len) == 0;
}

static int has_compatible(const struct dt_node *n, const char *compatible)
{
	const struct dt_prop *p = &n->prop[DT_COMPATIBLE];

	return p->val && fdt_stringlist_contains(p->val, p->len, compatible);
}

/* Absent status, "okay" or the older "ok" mean the device is usable (spec 2.3.4). */
static int is_enabled(const struct dt_node *n)
{
	const struct dt_prop *status = &n->prop[DT_STATUS];

	return !status->val || prop_is(status, "okay") || prop_is(status, "ok");
}

/* A big-endian number of n (0 to 2) cells; fdt32_ld tolerates unaligned cells. */
static uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(p + i);
	return v;
}

/* A one-cell property; dflt when absent. */
static int prop_u32(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id,
		    uint32_t dflt, uint32_t *val)
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

static int prop_u32_required(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id,
			     uint32_t *val)
{
	if (!n->prop[id].val)
		return fail(c, -EINVAL, "missing property", dt_prop_name(id));
	return prop_u32(c, n, id, 0, val);
}

/* A number of one or two cells, told apart by the property's length: QEMU writes
 * linux,initrd-start as one cell, U-Boot as two. *found is 0 when it is absent. */
static int prop_number(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id,
		       int *found, uint64_t *val)
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
static int reg_open(struct dt_ctx *c, const struct dt_node *n, struct reg_prop *reg)
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
static void reg_bus_entry(const struct reg_prop *reg, int i, uint64_t *addr, uint64_t *size)
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
static int reg_entry(struct dt_ctx *c, const struct reg_prop *reg, int i, uint64_t *base,
		     uint64_t *size)
{
	reg_bus_entry(reg, i, base, size);
	return translate(c, reg->bus, base);
}

static int first_reg(struct dt_ctx *c, const struct dt_node *n, uint64_t *base,
		     uint64_t *size)
{
	struct reg_prop reg;
	int r = reg_open(c, n, &reg);

	if (r)
		return r;
	if (reg.count == 0)
		return fail(c, -EINVAL, "no reg", reg.node);
	return reg_entry(c, &reg, 0, base, size);
}

/* A region whose end does not fit in 64 bits is a corrupt reg, not memory. */
static int wraps_around(uint64_t base, uint64_t size)
{
	return base + size < base;
}

/* RAM is the reg of every enabled node with device_type = "memory" (spec 3.4). */
static int is_memory(const struct dt_node *n)
{
	return prop_is(&n->prop[DT_DEVICE_TYPE], "memory") && is_enabled(n);
}

static int add_ram(struct dt_ctx *c, const struct dt_node *n)
{
	struct reg_prop reg;
	int r = reg_open(c, n, &reg);

	if (r)
		return r;
	for (int i = 0; i < reg.count; i++) {
		struct phys_range range;
		if ((r = reg_entry(c, &reg, i, &range.base, &range.size)))
			return r;
		if (range.size == 0)
			continue;
		if (wraps_around(range.base, range.size))
			return fail(c, -EINVAL, "memory region wraps around", reg.node);
		if (c->out->nram == DT_MAX_RAM)
			return fail(c, -ENOSPC, "too many RAM regions", NULL);
		c->out->ram[c->out->nram++] = range;
	}
	return 0;
}

static int add_reserved(struct dt_ctx *c, uint64_t base, uint64_t size, const char *why,
			int no_map)
{
	struct dt_info *out = c->out;

	if (wraps_around(base, size))
		return fail(c, -EINVAL, "reserved region wraps around", why);
	if (out->nreserved == DT_MAX_RESERVED)
		return fail(c, -ENOSPC, "too many reserved regions", why);
	struct dt_reserved *res = &out->reserved[out->nreserved++];
	res->base = base;
	res->size = size;
	copy_truncated(res->why, sizeof(res->why), why);
	res->no_map = no_map;
	return 0;
}

/* The header's memory reservation block: /memreserve/ lines of the source (spec 5.3). */
static int find_memreserve(struct dt_ctx *c)
{
	int n = fdt_num_mem_rsv(c->fdt);

	if (n < 0)
		return fail(c, -EINVAL, "bad memory reservation block", fdt_strerror(n));
	for (int i = 0; i < n; i++) {
		uint64_t base, size;
		int r = fdt_get_mem_rsv(c->fdt, i, &base, &size);
		if (r)
			return fail(c, -EINVAL, "bad memory reservation block", fdt_strerror(r));
		if ((r = add_reserved(c, base, size, "/memreserve/", 0)))
			return r;
	}
	return 0;
}

/* A child of /reserved-memory (spec 3.5.2). Children without reg ask the OS to allocate
 * a pool somewhere; this kernel allocates none, so they reserve nothing. */
static int add_reserved_node(struct dt_ctx *c, const struct dt_node *n)
{
	struct reg_prop reg;
	int r, no_map = n->prop[DT_NO_MAP].val != NULL;

	if (!is_enabled(n))
		return 0;
	if ((r = reg_open(c, n, &reg)))
		return r;
	for (int i = 0; i < reg.count; i++) {
		uint64_t base, size;
		if ((r = reg_entry(c, &reg, i, &base, &size)))
			return r;
		if (size && (r = add_reserved(c, base, size, reg.node, no_map)))
			return r;
	}
	return 0;
}

/* linux,initrd-start/end: [start, end) holds the initrd (Linux chosen.txt binding). */
static int find_initrd(struct dt_ctx *c, const struct dt_node *chosen)
{
	uint64_t start, end;
	int has_start, has_end, r;

	if ((r = prop_number(c, chosen, DT_INITRD_START, &has_start, &start)) ||
	    (r = prop_number(c, chosen, DT_INITRD_END, &has_end, &end)))
		return r;
	if (!has_start && !has_end)
		return 0;
	if (!has_start || !has_end)
		return fail(c, -EINVAL, "linux,initrd-start and linux,initrd-end come in pairs",
			    NULL);
	if (end <= start)
		return fail(c, -EINVAL, "linux,initrd-end is not above linux,initrd-start", NULL);
	c->out->initrd_start = start;
	c->out->initrd_end = end;
	return add_reserved(c, start, end - start, "initrd", 0);
}

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
	if (out->nharts == DT_MAX_HARTS)
		return fail(c, -ENOSPC, "too many harts", NULL);
	struct dt_hart *hart = &out->harts[out->nharts++];
	hart->hartid = (uint32_t)hartid;
	hart->has_sstc = hart_has(n, "sstc");
	hart->has_svpbmt = hart_has(n, "svpbmt");
	return 0;
}

/* A child of /cpus; the first usable one may hold the timebase-frequency. */
static void add_cpu(struct dt_ctx *c, const struct dt_node *n)
{
	if (!is_usable_hart(n) || add_hart(c, n))
		return;
	if (c->out->nharts == 1)
		c->first_hart = *n;
}

/* After the walk: usable harts and timebase-frequency, which sits in /cpus or in each
 * cpu node. */
static int finish_harts(struct dt_ctx *c)
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

/* The next component of a path and its length, 0 at the path's end; the slashes before
 * it are skipped, as fdt_path_offset() skips them. */
static int next_component(const char **p, const char *end)
{
	while (*p < end && **p == '/')
		(*p)++;
	const char *slash = memchr(*p, '/', end - *p);
	return (slash ? slash : end) - *p;
}

/* libfdt's rule for a path component: the node name, or the name without its
 * "@unit-address" when the component has none. */
static int name_matches(const char *name, const char *component, int len)
{
	if (strncmp(name, component, len) != 0)
		return 0;
	return name[len] == '\0' || (name[len] == '@' && !memchr(component, '@', len));
}

/* Moves lookup p past node n; returns 1 when n is the node at the path. */
static int path_step(struct path_lookup *p, const struct dt_node *n)
{
	if (!p->path || p->found || p->lost || n->depth > p->depth + 1)
		return 0;
	const char *end = p->path + p->len;
	if (n->depth <= p->depth) {
		p->lost = 1;
		return 0;
	}
	if (n->depth > 0) {
		const char *component = p->rest;
		int len = next_component(&component, end);
		if (!name_matches(n->name, component, len))
			return 0;
		p->rest = component + len;
	}
	p->depth = n->depth;
	const char *rest = p->rest;
	p->found = next_component(&rest, end) == 0;
	return p->found;
}

/* Whether n is the first top-level node called name, the one fdt_path_offset("/name")
 * finds; if so, records its offset in *first. */
static int is_first_named(int *first, const struct dt_node *n, const char *name)
{
	if (*first >= 0 || !name_matches(n->name, name, strlen(name)))
		return 0;
	*first = n->offset;
	return 1;
}

/* Where an alias (spec 3.3) points: a string holding a full path. -1 if nowhere. */
static int alias_path(const struct dt_ctx *c, const char *alias, int aliaslen,
		      const char **path, int *len)
{
	int plen;
	const char *p;

	if (c->aliases < 0)
		return -1;
	p = fdt_getprop_namelen(c->fdt, c->aliases, alias, aliaslen, &plen);
	if (!p || !is_string(&(struct dt_prop){ p, plen }) || p[0] != '/')
		return -1;
	*path = p;
	*len = strlen(p);
	return 0;
}

enum console_source {
	NO_CONSOLE, BY_STDOUT_PATH, BY_SERIAL0_ALIAS, STDOUT_PATH_NOT_STRING,
	STDOUT_PATH_NAMES_NO_ALIAS
};

static const struct dt_prop *stdout_path(const struct dt_ctx *c)
{
	const struct dt_prop *p = &c->chosen_node.prop[DT_STDOUT_PATH];

	return c->chosen >= 0 && p->val ? p : NULL;
}

/* The path of the console node, from what the walk has seen so far: /chosen/stdout-path -
 * a full path or an alias, either possibly followed by ":115200n8"-like options, which
 * end it (spec 3.6) - or, without a stdout-path, the serial0 alias. */
static enum console_source console_path(const struct dt_ctx *c, const char **path, int *len)
{
	const struct dt_prop *prop = stdout_path(c);

	if (!prop)
		return alias_path(c, "serial0", strlen("serial0"), path, len) ? NO_CONSOLE
									       : BY_SERIAL0_ALIAS;
	if (!is_string(prop))
		return STDOUT_PATH_NOT_STRING;
	const char *s = prop->val;
	int n = strlen(s);
	const char *colon = memchr(s, ':', n);
	if (colon)
		n = colon - s;
	if (s[0] == '/') {
		*path = s;
		*len = n;
		return BY_STDOUT_PATH;
	}
	return alias_path(c, s, n, path, len) ? STDOUT_PATH_NAMES_NO_ALIAS : BY_STDOUT_PATH;
}

/* Starts looking for the console at path (NULL: no console), forgetting any found
 * before. depth is that of the last node matched: 0 when the walk is already inside the
 * root, -1 before a walk. */
static void look_for_console(struct dt_ctx *c, const char *path, int len, int depth)
{
	c->console = (struct path_lookup){ .path = path, .len = len, .rest = path,
					   .depth = depth };
	c->out->uart = (struct dt_uart){ .kind = UART_NONE };
	c->error[STAGE_CONSOLE] = (struct dt_error){ 0 };
}

/* Just met /chosen or /aliases, which may name the console: look for it among the nodes
 * to come. Usually it comes later (/soc follows /chosen); if not, or if what names it
 * comes later still, a second walk finds it (find_targets_left). Looking from here on
 * finds what fdt_path_offset() finds unless a top-level node already passed matches the
 * path's first component too, which takes a component without its unit address and two
 * nodes of that name: then the later one wins. */
static void aim_console(struct dt_ctx *c)
{
	const char *path = NULL;
	int len = 0;
	enum console_source source = console_path(c, &path, &len);

	if (source != BY_STDOUT_PATH && source != BY_SERIAL0_ALIAS)
		path = NULL;
	if (path != c->console.path || len != c->console.len)
		look_for_console(c, path, len, 0);
}

static const char *const ns16550_compatibles[] = {
	"ns16550a", "ns16550", "snps,dw-apb-uart", "ns8250", "ns16450",
};

static enum dt_uart_kind uart_kind(const struct dt_node *n)
{
	for (size_t i = 0; i < sizeof(ns16550_compatibles) / sizeof(ns16550_compatibles[0]); i++)
		if (has_compatible(n, ns16550_compatibles[i]))
			return UART_NS16550;
	if (has_compatible(n, "sifive,uart0"))
		return UART_SIFIVE;
	return UART_NONE;
}

/* The console UART; an unknown kind leaves kind = UART_NONE. */
static int read_uart(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_uart *uart = &c->out->uart;
	int r;

	uart->kind = uart_kind(n);
	if (uart->kind == UART_NONE)
		return 0;
	if ((r = first_reg(c, n, &uart->base, &uart->size)) ||
	    (r = prop_u32(c, n, DT_REG_SHIFT, 0, &uart->reg_shift)) ||
	    (r = prop_u32(c, n, DT_REG_IO_WIDTH, 1, &uart->reg_io_width)) ||
	    (r = prop_u32(c, n, DT_CLOCK_FREQUENCY, 0, &uart->clock_hz)))
		return r;
	return 0;
}

/* After the walk, with all of /chosen and /aliases seen: the console path as it finally
 * stands. Unless the walk found that node, it is looked for again from the root. */
static int aim_console_again(struct dt_ctx *c)
{
	const char *path = NULL;
	int len = 0;

	switch (console_path(c, &path, &len)) {
	case STDOUT_PATH_NOT_STRING:
		return fail(c, -EINVAL, "stdout-path is not a string", NULL);
	case STDOUT_PATH_NAMES_NO_ALIAS:
		return fail(c, -EINVAL, "stdout-path names no node", stdout_path(c)->val);
	case NO_CONSOLE:
		look_for_console(c, NULL, 0, -1);
		return 0;
	case BY_STDOUT_PATH:
	case BY_SERIAL0_ALIAS:
		break;
	}
	if (path != c->console.path || len != c->console.len || !c->console.found)
		look_for_console(c, path, len, -1);
	return 0;
}

/* /chosen (spec 3.6): bootargs, initrd, boot-hartid (U-Boot) and the console path. */
static int read_chosen(struct dt_ctx *c)
{
	const struct dt_node *chosen = &c->chosen_node;
	struct dt_info *out = c->out;
	int r;

	if (c->chosen >= 0) {
		const struct dt_prop *bootargs = &chosen->prop[DT_BOOTARGS];
		if (bootargs->val && !is_string(bootargs))
			return fail(c, -EINVAL, "bootargs is not a string", NULL);
		if (bootargs->val)
			out->bootargs = bootargs->val;
		if ((r = find_initrd(c, chosen)) ||
		    (r = prop_u32(c, chosen, DT_BOOT_HARTID, ~0u, &out->boot_hartid)))
			return r;
		out->has_boot_hartid = chosen->prop[DT_BOOT_HARTID].val != NULL;
	}
	return aim_console_again(c);
}

/* A "syscon-poweroff" node: write value at offset into the syscon its regmap phandle
 * names (Linux bindings/power/reset/syscon-poweroff.yaml). The walk then looks for that
 * syscon among the nodes to come. None leaves all zero. */
static int read_poweroff(struct dt_ctx *c, const struct dt_node *n)
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

/* n's phandle as fdt_get_phandle() reads it: "phandle", or the older "linux,phandle". */
static uint32_t node_phandle(const struct dt_node *n)
{
	const struct dt_prop *p = &n->prop[DT_PHANDLE];

	if (!p->val || p->len != 4)
		p = &n->prop[DT_LINUX_PHANDLE];
	return p->val && p->len == 4 ? fdt32_ld(p->val) : 0;
}

static int is_child_of(const struct dt_node *n, int parent)
{
	return parent >= 0 && n->parent && n->parent->offset == parent;
}

/* What n is to the kernel (a node may be several things). */
static void record_node(struct dt_ctx *c, const struct dt_node *n)
{
	if (is_memory(n)) {
		c->stage = STAGE_RAM;
		add_ram(c, n);
	}
	if (is_child_of(n, c->reserved_memory)) {
		c->stage = STAGE_RESERVED;
		add_reserved_node(c, n);
	}
	if (is_child_of(n, c->cpus)) {
		c->stage = STAGE_HARTS;
		add_cpu(c, n);
	}
	/* The first one, as fdt_node_offset_by_compatible() finds it. */
	if (!c->seen_poweroff && has_compatible(n, "syscon-poweroff")) {
		c->seen_poweroff = 1;
		c->stage = STAGE_POWEROFF;
		read_poweroff(c, n);
	}
	if (n->depth != 1)
		return;
	if (is_first_named(&c->chosen, n, "chosen")) {
		c->chosen_node = *n;
		aim_console(c);
	}
	if (is_first_named(&c->aliases, n, "aliases"))
		aim_console(c);
	if (is_first_named(&c->cpus, n, "cpus"))
		c->cpus_node = *n;
	is_first_named(&c->reserved_memory, n, "reserved-memory");
}

/* Called by the walk for every node, parents first. */
static void visit_node(void *arg, const struct dt_node *n)
{
	struct dt_ctx *c = arg;

	if (!c->targets_only)
		record_node(c, n);
	if (path_step(&c->console, n)) {
		c->stage = STAGE_CONSOLE;
		read_uart(c, n);
	}
	if (c->syscon.phandle && !c->syscon.found && node_phandle(n) == c->syscon.phandle) {
		c->syscon.found = 1;
		c->stage = STAGE_SYSCON;
		first_reg(c, n, &c->out->poweroff.base, &c->out->poweroff.size);
	}
}

/* The console or the syscon may come before the node naming it, where the walk was not
 * looking for it yet: walk again, looking from the root. Rare: /chosen and the
 * syscon-poweroff node usually precede /soc. */
static void find_targets_left(struct dt_ctx *c)
{
	int console_left = c->console.path && !c->console.found;
	int syscon_left = c->syscon.phandle && !c->syscon.found;

	if (console_left || syscon_left) {
		c->targets_only = 1;
		/* Cannot fail: the first walk went over the same blob. */
		dt_walk(c->fdt, visit_node, c);
	}
	c->stage = STAGE_CHOSEN;
	if (c->console.path && !c->console.found && stdout_path(c))
		fail(c, -EINVAL, "stdout-path names no node", stdout_path(c)->val);
	c->stage = STAGE_POWEROFF;
	if (syscon_left && !c->syscon.found)
		fail(c, -EINVAL, "syscon-poweroff regmap names no node",
		     fdt_strerror(-FDT_ERR_NOTFOUND));
}

static int check_header(struct dt_ctx *c)
{
	int r = fdt_check_header(c->fdt);

	if (r)
		return fail(c, -EINVAL, "bad device tree header", fdt_strerror(r));
	if (fdt_totalsize(c->fdt) > DT_MAX_SIZE)
		return fail(c, -EINVAL, "bad device tree header", "totalsize above 2 MiB");
	return 0;
}

/* The walk, then what needs the whole tree seen. */
static void read_tree(struct dt_ctx *c, uint64_t fdt_pa)
{
	int r = dt_walk(c->fdt, visit_node, c);

	if (r) {
		c->stage = STAGE_STRUCTURE;
		fail(c, -EINVAL, "bad device tree structure", fdt_strerror(r));
		return;
	}
	c->stage = STAGE_RAM;
	if (c->out->nram == 0)
		fail(c, -ENOENT, "no memory node (enabled, device_type \"memory\", with reg)", NULL);
	c->stage = STAGE_RESERVED;
	add_reserved(c, fdt_pa, fdt_totalsize(c->fdt), "dtb", 0);
	c->stage = STAGE_CHOSEN;
	read_chosen(c);
	c->stage = STAGE_HARTS;
	finish_harts(c);
	find_targets_left(c);
}

int dt_parse(const void *fdt, uint64_t fdt_pa, struct dt_info *out, char *err, size_t errlen)
{
	struct dt_ctx c = { .fdt = fdt, .out = out, .stage = STAGE_STRUCTURE, .chosen = -1,
			    .aliases = -1, .cpus = -1, .reserved_memory = -1 };

	memset(out, 0, sizeof(*out));
	out->bootargs = "";
	out->boot_hartid = ~0u;
	if (errlen)
		err[0] = '\0';
	if (check_header(&c) == 0) {
		/* Before the walk: its entries come first in out->reserved. */
		c.stage = STAGE_MEMRESERVE;
		find_memreserve(&c);
		read_tree(&c, fdt_pa);
	}
	return report(&c, err, errlen);
}
