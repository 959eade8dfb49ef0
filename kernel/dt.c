/* Reads the flattened device tree (devicetree spec v0.4) with libfdt into struct dt_info.
 *
 * dt_parse() gets no buffer size: the header's totalsize is the only bound there is. So
 * the blob is checked up front (check_blob) and every property is length-checked before
 * it is read; a blob whose totalsize is larger than the memory really holding it cannot
 * be detected here. */
#include <libfdt.h>
#include "kernel/dt.h"
#include "kernel/errmsg.h"
#include "kernel/errno.h"

/* Linux/riscv maps at most 2 MiB of device tree (MAX_FDT_SIZE, asm/fixmap.h). */
#define DT_MAX_SIZE (2u << 20)

/* What every step of dt_parse works on: the blob, the result and the error buffer. */
struct dt_ctx {
	const void *fdt;
	struct dt_info *out;
	char *err;
	size_t errlen;
};

/* One node's "reg": count (address, size) pairs of the parent bus's cell sizes. */
struct reg_prop {
	int node;
	const fdt32_t *cells;
	int addr_cells, size_cells;
	int count;
};

/* Records "what: detail" (or just "what") as the reason dt_parse failed. */
static int fail(struct dt_ctx *c, int code, const char *what, const char *detail)
{
	return error_message(c->err, c->errlen, code, what, detail);
}

static const char *node_name(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	return name && *name ? name : "/";
}

static int is_string(const char *p, int len)
{
	return p && len > 0 && p[len - 1] == '\0';
}

static int prop_is(const void *fdt, int node, const char *name, const char *value)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	return p && len == (int)strlen(value) + 1 && memcmp(p, value, len) == 0;
}

/* Absent status, "okay" or the older "ok" mean the device is usable (spec 2.3.4). */
static int is_enabled(const void *fdt, int node)
{
	return !fdt_getprop(fdt, node, "status", NULL) || prop_is(fdt, node, "status", "okay") ||
	       prop_is(fdt, node, "status", "ok");
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
static int prop_u32(struct dt_ctx *c, int node, const char *name, uint32_t dflt, uint32_t *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, node, name, &len);

	*val = dflt;
	if (!p)
		return 0;
	if (len != 4)
		return fail(c, -EINVAL, "property is not one cell", name);
	*val = fdt32_ld(p);
	return 0;
}

static int prop_u32_required(struct dt_ctx *c, int node, const char *name, uint32_t *val)
{
	if (!fdt_getprop(c->fdt, node, name, NULL))
		return fail(c, -EINVAL, "missing property", name);
	return prop_u32(c, node, name, 0, val);
}

/* A number of one or two cells, told apart by the property's length: QEMU writes
 * linux,initrd-start as one cell, U-Boot as two. *found is 0 when it is absent. */
static int prop_number(struct dt_ctx *c, int node, const char *name, int *found, uint64_t *val)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, node, name, &len);

	*found = p != NULL;
	*val = 0;
	if (!p)
		return 0;
	if (len != 4 && len != 8)
		return fail(c, -EINVAL, "property is neither one nor two cells", name);
	*val = read_cells(p, len / 4);
	return 0;
}

/* #address-cells and #size-cells of a bus node (spec 2.3.5); this reader handles
 * addresses of 1 or 2 cells and sizes of 0 to 2 cells. */
static int bus_cells(struct dt_ctx *c, int bus, int *addr_cells, int *size_cells)
{
	*addr_cells = fdt_address_cells(c->fdt, bus);
	*size_cells = fdt_size_cells(c->fdt, bus);
	if (*addr_cells < 1 || *addr_cells > 2 || *size_cells < 0 || *size_cells > 2)
		return fail(c, -EINVAL, "unsupported #address-cells or #size-cells",
			    node_name(c->fdt, bus));
	return 0;
}

/* Opens node's "reg", whose entries use the parent's cell sizes (spec 2.3.6). A node
 * without reg has no entries. */
static int reg_open(struct dt_ctx *c, int node, struct reg_prop *reg)
{
	int len, r = bus_cells(c, fdt_parent_offset(c->fdt, node), &reg->addr_cells,
			       &reg->size_cells);

	if (r)
		return r;
	reg->node = node;
	reg->cells = fdt_getprop(c->fdt, node, "reg", &len);
	if (!reg->cells)
		len = 0;
	int entry_bytes = 4 * (reg->addr_cells + reg->size_cells);
	if (len % entry_bytes)
		return fail(c, -EINVAL, "reg is not a whole number of entries",
			    node_name(c->fdt, node));
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
static int map_through_ranges(struct dt_ctx *c, int bus, const fdt32_t *ranges, int len,
			      uint64_t *addr)
{
	int child_ac, child_sc, parent_ac, parent_sc;
	int r = bus_cells(c, bus, &child_ac, &child_sc);

	if (!r)
		r = bus_cells(c, fdt_parent_offset(c->fdt, bus), &parent_ac, &parent_sc);
	if (r)
		return r;
	int entry_cells = child_ac + parent_ac + child_sc;
	if (len % (4 * entry_cells))
		return fail(c, -EINVAL, "ranges is not a whole number of entries",
			    node_name(c->fdt, bus));
	for (const fdt32_t *e = ranges; e < ranges + len / 4; e += entry_cells) {
		uint64_t child = read_cells(e, child_ac);
		uint64_t parent = read_cells(e + child_ac, parent_ac);
		uint64_t size = read_cells(e + child_ac + parent_ac, child_sc);
		if (*addr >= child && *addr - child < size) {
			*addr = parent + (*addr - child);
			return 0;
		}
	}
	return fail(c, -EINVAL, "address outside the ranges of its bus", node_name(c->fdt, bus));
}

/* Turns an address on node's parent bus into a CPU physical address, one ancestor at
 * a time up to the root. An empty "ranges" is the identity; a bus without "ranges" is
 * not memory-mapped (spec 2.3.8). */
static int translate(struct dt_ctx *c, int node, uint64_t *addr)
{
	int bus = fdt_parent_offset(c->fdt, node);

	while (bus > 0) {
		int len, r;
		const fdt32_t *ranges = fdt_getprop(c->fdt, bus, "ranges", &len);
		if (!ranges)
			return fail(c, -EINVAL, "bus without ranges",
				    node_name(c->fdt, bus));
		if (len > 0 && (r = map_through_ranges(c, bus, ranges, len, addr)))
			return r;
		bus = fdt_parent_offset(c->fdt, bus);
	}
	if (bus < 0)
		return fail(c, -EINVAL, "bad device tree", fdt_strerror(bus));
	return 0;
}

/* Entry i of reg as a CPU physical address. */
static int reg_entry(struct dt_ctx *c, const struct reg_prop *reg, int i, uint64_t *base,
		     uint64_t *size)
{
	reg_bus_entry(reg, i, base, size);
	return translate(c, reg->node, base);
}

static int first_reg(struct dt_ctx *c, int node, uint64_t *base, uint64_t *size)
{
	struct reg_prop reg;
	int r = reg_open(c, node, &reg);

	if (r)
		return r;
	if (reg.count == 0)
		return fail(c, -EINVAL, "no reg", node_name(c->fdt, node));
	return reg_entry(c, &reg, 0, base, size);
}

/* Walks every node and property once: libfdt then checks each tag, node name, property
 * name and length against the block bounds (this libfdt has no fdt_check_full()), so
 * later lookups meet only well-formed offsets. */
static int check_structure(struct dt_ctx *c)
{
	int depth = 0, node, prop, len;
	const char *name;

	for (node = fdt_next_node(c->fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(c->fdt, node, &depth)) {
		if (!fdt_get_name(c->fdt, node, &len))
			return fail(c, -EINVAL, "bad device tree structure", fdt_strerror(len));
		fdt_for_each_property_offset(prop, c->fdt, node) {
			if (!fdt_getprop_by_offset(c->fdt, prop, &name, &len))
				return fail(c, -EINVAL, "bad device tree structure",
					    fdt_strerror(len));
		}
		if (prop != -FDT_ERR_NOTFOUND)
			return fail(c, -EINVAL, "bad device tree structure", fdt_strerror(prop));
	}
	if (node != -FDT_ERR_NOTFOUND)
		return fail(c, -EINVAL, "bad device tree structure", fdt_strerror(node));
	return 0;
}

static int check_blob(struct dt_ctx *c)
{
	int r = fdt_check_header(c->fdt);

	if (r)
		return fail(c, -EINVAL, "bad device tree header", fdt_strerror(r));
	if (fdt_totalsize(c->fdt) > DT_MAX_SIZE)
		return fail(c, -EINVAL, "bad device tree header", "totalsize above 2 MiB");
	return check_structure(c);
}

/* A region whose end does not fit in 64 bits is a corrupt reg, not memory. */
static int wraps_around(uint64_t base, uint64_t size)
{
	return base + size < base;
}

/* RAM is the reg of every enabled node with device_type = "memory" (spec 3.4). */
static int find_ram(struct dt_ctx *c)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(c->fdt, node, "device_type", "memory",
						     sizeof("memory"))) >= 0) {
		struct reg_prop reg;
		int r;
		if (!is_enabled(c->fdt, node))
			continue;
		if ((r = reg_open(c, node, &reg)))
			return r;
		for (int i = 0; i < reg.count; i++) {
			struct phys_range range;
			if ((r = reg_entry(c, &reg, i, &range.base, &range.size)))
				return r;
			if (range.size == 0)
				continue;
			if (wraps_around(range.base, range.size))
				return fail(c, -EINVAL, "memory region wraps around",
					    node_name(c->fdt, node));
			if (c->out->nram == DT_MAX_RAM)
				return fail(c, -ENOSPC, "too many RAM regions", NULL);
			c->out->ram[c->out->nram++] = range;
		}
	}
	if (node != -FDT_ERR_NOTFOUND)
		return fail(c, -EINVAL, "bad device tree", fdt_strerror(node));
	if (c->out->nram == 0)
		return fail(c, -ENOENT, "no memory node (enabled, device_type \"memory\", with reg)",
			    NULL);
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

/* Children of /reserved-memory (spec 3.5.2). Children without reg ask the OS to
 * allocate a pool somewhere; this kernel allocates none, so they reserve nothing. */
static int find_reserved_memory(struct dt_ctx *c)
{
	int parent = fdt_path_offset(c->fdt, "/reserved-memory"), node;

	if (parent < 0)
		return 0;
	fdt_for_each_subnode(node, c->fdt, parent) {
		struct reg_prop reg;
		int r, no_map = fdt_getprop(c->fdt, node, "no-map", NULL) != NULL;
		if (!is_enabled(c->fdt, node))
			continue;
		if ((r = reg_open(c, node, &reg)))
			return r;
		for (int i = 0; i < reg.count; i++) {
			uint64_t base, size;
			if ((r = reg_entry(c, &reg, i, &base, &size)))
				return r;
			if (size && (r = add_reserved(c, base, size, node_name(c->fdt, node),
						      no_map)))
				return r;
		}
	}
	return 0;
}

/* linux,initrd-start/end: [start, end) holds the initrd (Linux chosen.txt binding). */
static int find_initrd(struct dt_ctx *c, int chosen)
{
	uint64_t start, end;
	int has_start, has_end, r;

	if ((r = prop_number(c, chosen, "linux,initrd-start", &has_start, &start)) ||
	    (r = prop_number(c, chosen, "linux,initrd-end", &has_end, &end)))
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
static int hart_has(const void *fdt, int node, const char *ext)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "riscv,isa-extensions", &len);

	if (list)
		return fdt_stringlist_contains(list, len, ext);
	const char *isa = fdt_getprop(fdt, node, "riscv,isa", &len);
	return is_string(isa, len) && isa_string_has(isa, strlen(isa), ext);
}

/* A hart this kernel can run on: a cpu node, enabled, with an MMU (riscv/cpus.yaml). */
static int is_usable_hart(const void *fdt, int node)
{
	return prop_is(fdt, node, "device_type", "cpu") && is_enabled(fdt, node) &&
	       fdt_getprop(fdt, node, "mmu-type", NULL) &&
	       !prop_is(fdt, node, "mmu-type", "riscv,none");
}

static int add_hart(struct dt_ctx *c, int node)
{
	struct dt_info *out = c->out;
	struct reg_prop reg;
	uint64_t hartid, unused;
	int r = reg_open(c, node, &reg);

	if (r)
		return r;
	if (reg.count != 1)
		return fail(c, -EINVAL, "cpu reg is not one hart id", node_name(c->fdt, node));
	reg_bus_entry(&reg, 0, &hartid, &unused);
	if (hartid > UINT32_MAX)
		return fail(c, -EINVAL, "hart id above 32 bits", node_name(c->fdt, node));
	if (out->nharts == DT_MAX_HARTS)
		return fail(c, -ENOSPC, "too many harts", NULL);
	struct dt_hart *hart = &out->harts[out->nharts++];
	hart->hartid = (uint32_t)hartid;
	hart->has_sstc = hart_has(c->fdt, node, "sstc");
	hart->has_svpbmt = hart_has(c->fdt, node, "svpbmt");
	return 0;
}

/* Usable harts and timebase-frequency, which sits in /cpus or in each cpu node. */
static int find_harts(struct dt_ctx *c)
{
	int cpus = fdt_path_offset(c->fdt, "/cpus"), node, first = -1, found, r;

	if (cpus < 0)
		return fail(c, -ENOENT, "no /cpus node", NULL);
	fdt_for_each_subnode(node, c->fdt, cpus) {
		if (!is_usable_hart(c->fdt, node))
			continue;
		if ((r = add_hart(c, node)))
			return r;
		if (first < 0)
			first = node;
	}
	if (first < 0)
		return fail(c, -ENOENT, "no usable hart (enabled, with mmu-type) in /cpus", NULL);
	if ((r = prop_number(c, cpus, "timebase-frequency", &found, &c->out->timebase_hz)))
		return r;
	if (!found && (r = prop_number(c, first, "timebase-frequency", &found,
				       &c->out->timebase_hz)))
		return r;
	if (c->out->timebase_hz == 0)
		return fail(c, -ENOENT, "no timebase-frequency", NULL);
	return 0;
}

/* The node an alias names (spec 3.3); the alias must be a string holding a full path. */
static int alias_node(const void *fdt, const char *alias, int aliaslen)
{
	int len, aliases = fdt_path_offset(fdt, "/aliases");
	const char *path;

	if (aliases < 0)
		return aliases;
	path = fdt_getprop_namelen(fdt, aliases, alias, aliaslen, &len);
	if (!path)
		return len;
	if (!is_string(path, len) || path[0] != '/')
		return -FDT_ERR_BADPATH;
	return fdt_path_offset(fdt, path);
}

/* The console named by /chosen/stdout-path - a full path or an alias, either possibly
 * followed by ":115200n8"-like options, which end it (spec 3.6) - or, without a
 * stdout-path, by the serial0 alias. -FDT_ERR_NOTFOUND when there is neither. */
static int console_node(struct dt_ctx *c, int chosen, int *node)
{
	int len;
	const char *path = chosen >= 0 ? fdt_getprop(c->fdt, chosen, "stdout-path", &len) : NULL;

	*node = -FDT_ERR_NOTFOUND;
	if (!path) {
		*node = alias_node(c->fdt, "serial0", strlen("serial0"));
		return 0;
	}
	if (!is_string(path, len))
		return fail(c, -EINVAL, "stdout-path is not a string", NULL);
	int n = strlen(path);
	const char *colon = memchr(path, ':', n);
	if (colon)
		n = colon - path;
	*node = path[0] == '/' ? fdt_path_offset_namelen(c->fdt, path, n)
			       : alias_node(c->fdt, path, n);
	if (*node < 0)
		return fail(c, -EINVAL, "stdout-path names no node", path);
	return 0;
}

static const char *const ns16550_compatibles[] = {
	"ns16550a", "ns16550", "snps,dw-apb-uart", "ns8250", "ns16450",
};

static enum dt_uart_kind uart_kind(const void *fdt, int node)
{
	for (size_t i = 0; i < sizeof(ns16550_compatibles) / sizeof(ns16550_compatibles[0]); i++)
		if (fdt_node_check_compatible(fdt, node, ns16550_compatibles[i]) == 0)
			return UART_NS16550;
	if (fdt_node_check_compatible(fdt, node, "sifive,uart0") == 0)
		return UART_SIFIVE;
	return UART_NONE;
}

/* The console UART; an unknown kind (or no console at all) leaves kind = UART_NONE. */
static int find_uart(struct dt_ctx *c, int chosen)
{
	struct dt_uart *uart = &c->out->uart;
	int node, r = console_node(c, chosen, &node);

	if (r || node < 0)
		return r;
	uart->kind = uart_kind(c->fdt, node);
	if (uart->kind == UART_NONE)
		return 0;
	if ((r = first_reg(c, node, &uart->base, &uart->size)) ||
	    (r = prop_u32(c, node, "reg-shift", 0, &uart->reg_shift)) ||
	    (r = prop_u32(c, node, "reg-io-width", 1, &uart->reg_io_width)) ||
	    (r = prop_u32(c, node, "clock-frequency", 0, &uart->clock_hz)))
		return r;
	return 0;
}

/* /chosen (spec 3.6): bootargs, initrd, boot-hartid (U-Boot) and the console. */
static int read_chosen(struct dt_ctx *c)
{
	struct dt_info *out = c->out;
	int len, r, chosen = fdt_path_offset(c->fdt, "/chosen");

	if (chosen >= 0) {
		const char *bootargs = fdt_getprop(c->fdt, chosen, "bootargs", &len);
		if (bootargs && !is_string(bootargs, len))
			return fail(c, -EINVAL, "bootargs is not a string", NULL);
		if (bootargs)
			out->bootargs = bootargs;
		if ((r = find_initrd(c, chosen)) ||
		    (r = prop_u32(c, chosen, "boot-hartid", ~0u, &out->boot_hartid)))
			return r;
		out->has_boot_hartid = fdt_getprop(c->fdt, chosen, "boot-hartid", NULL) != NULL;
	}
	return find_uart(c, chosen);
}

/* A "syscon-poweroff" node: write value at offset into the syscon its regmap phandle
 * names (Linux bindings/power/reset/syscon-poweroff.yaml). None leaves all zero. */
static int find_poweroff(struct dt_ctx *c)
{
	struct dt_poweroff *off = &c->out->poweroff;
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "syscon-poweroff"), syscon, r;
	uint32_t phandle;

	if (node == -FDT_ERR_NOTFOUND)
		return 0;
	if (node < 0)
		return fail(c, -EINVAL, "bad device tree", fdt_strerror(node));
	if ((r = prop_u32_required(c, node, "regmap", &phandle)) ||
	    (r = prop_u32(c, node, "offset", 0, &off->offset)) ||
	    (r = prop_u32_required(c, node, "value", &off->value)))
		return r;
	syscon = fdt_node_offset_by_phandle(c->fdt, phandle);
	if (syscon < 0)
		return fail(c, -EINVAL, "syscon-poweroff regmap names no node", fdt_strerror(syscon));
	return first_reg(c, syscon, &off->base, &off->size);
}

int dt_parse(const void *fdt, uint64_t fdt_pa, struct dt_info *out, char *err, size_t errlen)
{
	struct dt_ctx c = { .fdt = fdt, .out = out, .err = err, .errlen = errlen };
	int r;

	memset(out, 0, sizeof(*out));
	out->bootargs = "";
	out->boot_hartid = ~0u;
	if (errlen)
		err[0] = '\0';
	if ((r = check_blob(&c)) || (r = find_ram(&c)) || (r = find_memreserve(&c)) ||
	    (r = find_reserved_memory(&c)) ||
	    (r = add_reserved(&c, fdt_pa, fdt_totalsize(fdt), "dtb", 0)) ||
	    (r = read_chosen(&c)) || (r = find_harts(&c)) || (r = find_poweroff(&c)))
		return r;
	return 0;
}
