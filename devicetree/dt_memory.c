/* Memory for devicetree/dt.c: the RAM of memory nodes, and what of it is not free - the
 * /memreserve/ block, /reserved-memory children, the dtb and the initrd; and dt_free_ram,
 * what remains. */
#include "devicetree/dt_internal.h"
#include "lib/errmsg.h"
#include "abi/errno.h"

/* A region whose end does not fit in 64 bits is a corrupt reg, not memory. */
static int wraps_around(uint64_t base, uint64_t size)
{
	return base + size < base;
}

/* RAM is the reg of every enabled node with device_type = "memory" (spec 3.4). */
int is_memory(const struct dt_node *n)
{
	return prop_is(&n->prop[DT_DEVICE_TYPE], "memory") && is_enabled(n);
}

int add_ram(struct dt_ctx *c, const struct dt_node *n)
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

int add_reserved(struct dt_ctx *c, uint64_t base, uint64_t size, const char *why,
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
int find_memreserve(struct dt_ctx *c)
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
int add_reserved_node(struct dt_ctx *c, const struct dt_node *n)
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
int find_initrd(struct dt_ctx *c, const struct dt_node *chosen)
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

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(DT_PAGE_SIZE - 1);
}

/* Rounds up to a page, or to the last page boundary when that does not fit in 64 bits. */
static uint64_t page_up(uint64_t a)
{
	return a > UINT64_MAX - (DT_PAGE_SIZE - 1) ? page_down(a) : page_down(a + DT_PAGE_SIZE - 1);
}

/* Each RAM region is walked upwards: the overlapping reservation that starts lowest ends
 * a free range, and the walk resumes after it. Overlapping reservations are fine: one
 * that starts inside a skipped one just ends the next, empty, range. */
int dt_free_ram(const struct dt_info *dt, struct phys_range *out, int max)
{
	int n = 0;

	for (int i = 0; i < dt->nram; i++) {
		uint64_t base = page_up(dt->ram[i].base);
		uint64_t end = page_down(dt->ram[i].base + dt->ram[i].size);

		while (base < end) {
			uint64_t cut = end, resume = end;
			for (int j = 0; j < dt->nreserved; j++) {
				const struct dt_reserved *r = &dt->reserved[j];
				uint64_t rb = page_down(r->base), re = page_up(r->base + r->size);
				if (rb < base)
					rb = base;
				if (re > base && rb < end && (rb < cut || (rb == cut && re > resume))) {
					cut = rb;
					resume = re;
				}
			}
			if (cut > base && n < max)
				out[n++] = (struct phys_range){ base, cut - base };
			base = resume;
		}
	}
	return n;
}

int dt_limit_ram(struct dt_info *dt, uint64_t end, struct phys_range *cut, int max)
{
	int kept = 0, ncut = 0;

	for (int i = 0; i < dt->nram; i++) {
		struct phys_range r = dt->ram[i];
		uint64_t last = r.base + r.size;
		if (last > end) {
			uint64_t from = r.base > end ? r.base : end;
			if (ncut < max)
				cut[ncut++] = (struct phys_range){ from, last - from };
			r.size = from - r.base;
		}
		if (r.size)
			dt->ram[kept++] = r;
	}
	dt->nram = kept;
	return ncut;
}

int dt_in_mapped_ram(const struct dt_info *dt, uint64_t base, uint64_t size)
{
	int inside = 0;

	if (size == 0 || wraps_around(base, size))
		return 0;
	for (int i = 0; i < dt->nram; i++)
		if (base >= dt->ram[i].base && base + size <= dt->ram[i].base + dt->ram[i].size)
			inside = 1;
	for (int i = 0; i < dt->nreserved; i++) {
		const struct dt_reserved *r = &dt->reserved[i];
		if (r->no_map && base < r->base + r->size && r->base < base + size)
			return 0;
	}
	return inside;
}

int dt_overlaps_ram(const struct dt_info *dt, uint64_t base, uint64_t size)
{
	uint64_t last = wraps_around(base, size) ? UINT64_MAX : base + size;

	for (int i = 0; i < dt->nram; i++)
		if (base < dt->ram[i].base + dt->ram[i].size && dt->ram[i].base < last)
			return 1;
	return 0;
}
