/* Private to the device tree reader (devicetree/dt*.c): the context every part of dt_parse
 * works on, the small readers they all use, and what each part offers the others.
 * devicetree/dt.c, which holds the walk's visitor and dt_parse, is the place to start. */
#ifndef KERNEL_DT_INTERNAL_H
#define KERNEL_DT_INTERNAL_H
#include <libfdt.h>
#include "devicetree/dt.h"
#include "devicetree/dt_walk.h"

/* The steps of reading the tree, in the order their errors take precedence. The walk
 * meets faults in document order, but a tree with several is reported as if each step
 * had run over the whole tree in turn: the first fault of the first step that has one. */
enum stage {
	STAGE_STRUCTURE,  /* the header and the structure block */
	STAGE_RAM,        /* memory nodes */
	STAGE_MEMRESERVE, /* the header's memory reservation block */
	STAGE_RESERVED,   /* /reserved-memory children and the dtb itself */
	STAGE_CHOSEN,     /* /chosen: bootargs, initrd, stdout-path */
	STAGE_CONSOLE,    /* the UART the console path names */
	STAGE_HARTS,      /* /cpus */
	STAGE_POWEROFF,   /* the syscon-poweroff node */
	STAGE_SYSCON,     /* the device its regmap names */
	STAGE_OPTIONAL,   /* devices the kernel can do without: their faults are dropped */
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

/* devicetree/dt.c: records an error for the current step, unless it has one; returns code. */
int fail(struct dt_ctx *c, int code, const char *what, const char *detail);

/* The small readers below are used by every part, and inline here as they were when
 * the parts shared one file: some run for every node of the walk. */

static inline const char *node_name(const char *name)
{
	return *name ? name : "/";
}

static inline int is_string(const struct dt_prop *p)
{
	return p->val && p->len > 0 && ((const char *)p->val)[p->len - 1] == '\0';
}

static inline int prop_is(const struct dt_prop *p, const char *value)
{
	return p->val && p->len == (int)strlen(value) + 1 && memcmp(p->val, value, p->len) == 0;
}

static inline int has_compatible(const struct dt_node *n, const char *compatible)
{
	const struct dt_prop *p = &n->prop[DT_COMPATIBLE];

	return p->val && fdt_stringlist_contains(p->val, p->len, compatible);
}

/* Absent status, "okay" or the older "ok" mean the device is usable (spec 2.3.4). */
static inline int is_enabled(const struct dt_node *n)
{
	const struct dt_prop *status = &n->prop[DT_STATUS];

	return !status->val || prop_is(status, "okay") || prop_is(status, "ok");
}

/* A big-endian number of n (0 to 2) cells; fdt32_ld tolerates unaligned cells. */
static inline uint64_t read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(p + i);
	return v;
}

/* devicetree/dt_reg.c: properties of one cell or two, and reg entries as CPU addresses. */
int prop_u32(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id, uint32_t dflt,
	     uint32_t *val);
int prop_u32_required(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id,
		      uint32_t *val);
int prop_number(struct dt_ctx *c, const struct dt_node *n, enum dt_prop_id id, int *found,
		uint64_t *val);
int reg_open(struct dt_ctx *c, const struct dt_node *n, struct reg_prop *reg);
void reg_bus_entry(const struct reg_prop *reg, int i, uint64_t *addr, uint64_t *size);
int reg_entry(struct dt_ctx *c, const struct reg_prop *reg, int i, uint64_t *base,
	      uint64_t *size);
int first_reg(struct dt_ctx *c, const struct dt_node *n, uint64_t *base, uint64_t *size);

/* devicetree/dt_memory.c: RAM, reserved regions and the initrd. */
int is_memory(const struct dt_node *n);
int add_ram(struct dt_ctx *c, const struct dt_node *n);
int add_reserved(struct dt_ctx *c, uint64_t base, uint64_t size, const char *why,
		 int no_map);
int find_memreserve(struct dt_ctx *c);
int add_reserved_node(struct dt_ctx *c, const struct dt_node *n);
int find_initrd(struct dt_ctx *c, const struct dt_node *chosen);

/* devicetree/dt_cpus.c: harts and the timebase. */
void add_cpu(struct dt_ctx *c, const struct dt_node *n);
int finish_harts(struct dt_ctx *c);

/* devicetree/dt_console.c: the console path and its UART. */
const struct dt_prop *stdout_path(const struct dt_ctx *c);
void aim_console(struct dt_ctx *c);
int aim_console_again(struct dt_ctx *c);
int read_uart(struct dt_ctx *c, const struct dt_node *n);

/* devicetree/dt.c: a node's phandle ("phandle", or the older "linux,phandle"), 0 if none. */
uint32_t node_phandle(const struct dt_node *n);

/* devicetree/dt_irq.c: the PLIC, the harts' interrupt controllers and the RTC, from every
 * node; the console's interrupt, from the console node. */
void irq_note_node(struct dt_ctx *c, const struct dt_node *n);
void irq_note_uart(struct dt_ctx *c, const struct dt_node *n);

/* devicetree/dt_poweroff.c: the syscon-poweroff node and the syscon it names. */
int read_poweroff(struct dt_ctx *c, const struct dt_node *n);
int read_syscon(struct dt_ctx *c, const struct dt_node *n);

#endif
