/* Reads the flattened device tree (devicetree spec v0.4) with libfdt into struct dt_info.
 *
 * dt_parse() gets no buffer size: the header's totalsize is the only bound there is. So
 * the header is checked up front and every property is length-checked before it is
 * read; a blob whose totalsize is larger than the memory really holding it cannot be
 * detected here.
 *
 * The structure block is walked once (devicetree/dt_walk.c), which also checks it: each node
 * comes to visit_node() with its properties and its ancestors' buses, parents first, and
 * is recorded for what it is (RAM, a reserved region, a hart, /chosen, ...). Asking
 * libfdt one question at a time instead - by path, by compatible, by phandle, a parent
 * for every reg - rescanned the tree a dozen times: 2.5 million instructions on QEMU
 * virt, most of the boot, against about 220 thousand now.
 *
 * This file holds the walk's visitor, the lookups it makes as it goes and dt_parse; what
 * the nodes are made into lives by subject: dt_reg.c (property values, reg and ranges),
 * dt_memory.c (RAM, reserved regions, the initrd), dt_cpus.c (harts, the timebase),
 * dt_console.c (the console path and its UART), dt_poweroff.c and dt_irq.c (the PLIC,
 * the console's interrupt and the RTC). */
#include "devicetree/dt_internal.h"
#include "lib/errmsg.h"
#include "abi/errno.h"

/* Records "what: detail" (or just "what") as the current step's error, unless the step
 * has one already. */
int fail(struct dt_ctx *c, int code, const char *what, const char *detail)
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

/* n's phandle as fdt_get_phandle() reads it: "phandle", or the older "linux,phandle". */
uint32_t node_phandle(const struct dt_node *n)
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
	irq_note_node(c, n);
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
		if (read_uart(c, n) == 0 && c->out->uart.kind != UART_NONE)
			irq_note_uart(c, n);
	}
	if (c->syscon.phandle && !c->syscon.found && node_phandle(n) == c->syscon.phandle) {
		c->syscon.found = 1;
		c->stage = STAGE_SYSCON;
		read_syscon(c, n);
	}
}

/* /chosen (spec 3.6): bootargs, the random seed, initrd and the console path. */
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
		out->rng_seed = chosen->prop[DT_RNG_SEED].val;
		out->rng_seed_len = chosen->prop[DT_RNG_SEED].len;
		if ((r = find_initrd(c, chosen)))
			return r;
	}
	return aim_console_again(c);
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
	/* libfdt reads the reservation block and the structure block's tokens as aligned
	 * 64- and 32-bit words, which the spec promises (devicetree spec 5.3: the
	 * reservation block 8-byte aligned; 5.4: every token 32-bit aligned); it checks
	 * only the blob's own address (FDT_ERR_ALIGNMENT). A block off its boundary made
	 * misaligned loads: a trap, or firmware emulating them, on RISC-V, and undefined
	 * behaviour in C. */
	if (fdt_off_mem_rsvmap(c->fdt) % 8 || fdt_off_dt_struct(c->fdt) % 4)
		return fail(c, -EINVAL, "bad device tree header",
			    "blob or block not aligned (devicetree spec 5.1)");
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
