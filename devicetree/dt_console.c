/* The console for devicetree/dt.c: which path /chosen and /aliases name for it - the walk
 * then looks for the node at that path - and the UART found there. */
#include "devicetree/dt_internal.h"
#include "abi/errno.h"

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

const struct dt_prop *stdout_path(const struct dt_ctx *c)
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
	c->out->irq.uart_has_irq = 0;
	c->error[STAGE_CONSOLE] = (struct dt_error){ 0 };
}

/* Just met /chosen or /aliases, which may name the console: look for it among the nodes
 * to come. Usually it comes later (/soc follows /chosen); if not, or if what names it
 * comes later still, a second walk finds it (find_targets_left). Looking from here on
 * finds what fdt_path_offset() finds unless a top-level node already passed matches the
 * path's first component too, which takes a component without its unit address and two
 * nodes of that name: then the later one wins. */
void aim_console(struct dt_ctx *c)
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
int read_uart(struct dt_ctx *c, const struct dt_node *n)
{
	struct dt_uart *uart = &c->out->uart;
	int r;

	uart->kind = uart_kind(n);
	if (uart->kind == UART_NONE)
		return 0;
	if ((r = first_reg(c, n, &uart->base, &uart->size)) ||
	    (r = prop_u32(c, n, DT_REG_SHIFT, 0, &uart->reg_shift)) ||
	    (r = prop_u32(c, n, DT_REG_IO_WIDTH, 1, &uart->reg_io_width)))
		return r;
	return 0;
}

/* After the walk, with all of /chosen and /aliases seen: the console path as it finally
 * stands. Unless the walk found that node, it is looked for again from the root. */
int aim_console_again(struct dt_ctx *c)
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
