/* Building the boot page tables: see boot/boot_tables.h. No globals, no jump tables, only
 * PC-relative calls: boot_paging_setup() runs this before the MMU is on. */
#include "boot/boot_tables.h"
#include "mm/memlayout.h"

static pte_t *table(const struct boot_tables *bt, uint64_t pa)
{
	return (pte_t *)(pa + bt->offset);
}

/* A cleared table from the pool: its physical address, or 0. */
static uint64_t new_table(struct boot_tables *bt)
{
	if (bt->used == bt->pool_size)
		return 0;
	uint64_t pa = bt->pool_pa + (uint64_t)bt->used++ * PAGE_SIZE;
	pte_t *t = table(bt, pa);
	for (int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
	return pa;
}

void boot_tables_init(struct boot_tables *bt, uint64_t root_pa, uint64_t pool_pa,
		      int pool_size, uint64_t offset)
{
	*bt = (struct boot_tables){ root_pa, pool_pa, pool_size, 0, offset };
	pte_t *root = table(bt, root_pa);
	for (int i = 0; i < PT_ENTRIES; i++)
		root[i] = 0;
}

static unsigned vpn(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

static int is_leaf(pte_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

int boot_tables_map(struct boot_tables *bt, uint64_t va, uint64_t pa, uint64_t size,
		    uint64_t perm)
{
	while (size) {
		/* The largest leaf that fits here: va and pa aligned to it, size enough. */
		int level = 2;
		while (level > 0 && (((va | pa) & (PT_LEVEL_SIZE(level) - 1)) ||
				     size < PT_LEVEL_SIZE(level)))
			level--;
		/* Down to the table that holds va's entry at that level, making the missing
		 * tables on the way; a table already where the leaf would go means smaller
		 * leaves, a leaf on the way means va is mapped already. */
		pte_t *t = table(bt, bt->root_pa);
		int l;
		for (l = 2;; l--) {
			pte_t e = t[vpn(va, l)];
			if ((e & PTE_V) && (is_leaf(e) || l == 0))
				break;
			if (l == level && !(e & PTE_V))
				break;
			if (l == level)
				level--;
			if (!(e & PTE_V)) {
				uint64_t next = new_table(bt);
				if (!next)
					return -1;
				e = t[vpn(va, l)] = PA_TO_PTE(next) | PTE_V;
			}
			t = table(bt, PTE_TO_PA(e));
		}
		uint64_t leaf = PT_LEVEL_SIZE(level);
		if (l > level) {        /* inside a larger leaf */
			va += leaf;
			pa += leaf;
			size -= leaf;
			continue;
		}
		/* Leaves of this size up to the end of the table or of the range: no larger
		 * leaf fits before the table's span ends. Entries present are mapped already;
		 * at a table, the next round goes into it. Each leaf is the one before it a
		 * step further in its page number (about 1,600 4 KiB leaves around the
		 * reservations at boot). */
		unsigned first = vpn(va, level), i = first;
		uint64_t fit = size / leaf;
		unsigned stop = fit < PT_ENTRIES - first ? first + (unsigned)fit : PT_ENTRIES;
		pte_t pte = pt_leaf(pa, perm), step = PA_TO_PTE(leaf);
		for (; i < stop; i++, pte += step) {
			pte_t e = t[i];
			if (!(e & PTE_V))
				t[i] = pte;
			else if (!is_leaf(e))
				break;
		}
		uint64_t done = (uint64_t)(i - first) * leaf;
		va += done;
		pa += done;
		size -= done;
	}
	return 0;
}

int boot_tables_early(struct boot_tables *bt, uint64_t load_pa, uint64_t image_size,
		      uint64_t identity_size, uint64_t dtb_pa, uint64_t dtb_size)
{
	uint64_t dtb_start = PAGE_ROUND_DOWN(dtb_pa), dtb_end = PAGE_ROUND_UP(dtb_pa + dtb_size);

	if (boot_tables_map(bt, KERNEL_VBASE, load_pa, PAGE_ROUND_UP(image_size),
			    PTE_R | PTE_W | PTE_X | PTE_G) ||
	    boot_tables_map(bt, load_pa, load_pa, PAGE_ROUND_UP(identity_size), PTE_R | PTE_X) ||
	    boot_tables_map(bt, DIRECT_MAP_BASE + dtb_start, dtb_start, dtb_end - dtb_start,
			    PTE_R | PTE_G))
		return -1;
	return 0;
}

int boot_tables_add_ram(struct boot_tables *bt, const struct phys_range *ram, int n)
{
	for (int i = 0; i < n; i++)
		if (boot_tables_map(bt, DIRECT_MAP_BASE + ram[i].base, ram[i].base, ram[i].size,
				    PTE_R | PTE_W | PTE_G))
			return -1;
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define FDT_MAGIC       0xd00dfeed
#define FDT_HEADER_SIZE 40

uint64_t boot_dtb_bytes(const void *header, uint64_t max)
{
	const uint8_t *h = header;

	if (be32(h) != FDT_MAGIC)
		return FDT_HEADER_SIZE;
	uint64_t size = be32(h + 4);
	return size < FDT_HEADER_SIZE ? FDT_HEADER_SIZE : size > max ? max : size;
}
