/* The final kernel page tables: the image with per-section permissions (text R+X,
 * rodata R, data/bss R+W, never W+X), a direct map of RAM only (holes and no-map
 * reservations stay unmapped) with the largest leaves alignment allows and the image's
 * read-only parts read-only there too, and device registers. All kernel mappings are
 * global (PTE_G). */
#include "boot/boot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/kvm.h"
#include "mm/page.h"
#include "mm/tlb.h"
#include "mm/tlb_gather.h"

uint64_t kernel_root;

#define KERNEL_ROOT_FIRST_ENTRY (PT_ENTRIES / 2)

/* kvm_lock guards the kernel's tables after boot and the list of process roots, so that
 * a root entry the kernel adds reaches every root, including one being made meanwhile
 * (as Linux's pgd_list on x86 kept kernel entries in every pgd). */
static struct spinlock kvm_lock = SPINLOCK_INIT("kvm");
static struct kvm_user_root user_roots = { 0, &user_roots, &user_roots };

static unsigned root_index(uint64_t va)
{
	return (va >> (PAGE_SHIFT + 9 * (PT_LEVELS - 1))) & (PT_ENTRIES - 1);
}

/* Copies the kernel root's entries covering [va, last] into every process root. */
static void sync_user_roots(uint64_t va, uint64_t last)
{
	const pte_t *src = phys_to_virt(kernel_root);

	for (struct kvm_user_root *r = user_roots.next; r != &user_roots; r = r->next) {
		pte_t *dst = phys_to_virt(r->root);
		for (unsigned i = root_index(va); i <= root_index(last); i++)
			dst[i] = src[i];
	}
}

static void map_or_panic(uint64_t va, uint64_t pa, uint64_t size, uint64_t perm, const char *what)
{
	int err = pt_map(&kernel_pt_env, kernel_root, va, pa, size, perm | PTE_G, 2);
	if (err)
		panic("kvm: cannot map %s at %p (error %d)", what, (void *)va, err);
}

static void map_image_part(char *start, char *end, uint64_t perm, const char *what)
{
	uint64_t va = (uint64_t)start;
	if (end > start)
		map_or_panic(va, kernel_va_to_pa(va), (uint64_t)(end - start), perm, what);
}

/* Maps [base, end) of RAM into the direct map, leaving out no-map reservations. */
static void map_ram(const struct dt_info *dt, uint64_t base, uint64_t end)
{
	while (base < end) {
		uint64_t hole = end, hole_end = end;
		for (int i = 0; i < dt->nreserved; i++) {
			const struct dt_reserved *r = &dt->reserved[i];
			uint64_t rb = PAGE_ROUND_DOWN(r->base), re = PAGE_ROUND_UP(r->base + r->size);
			if (r->no_map && re > base && rb < end && rb < hole) {
				hole = rb > base ? rb : base;
				hole_end = re;
			}
		}
		if (hole > base)
			map_or_panic(DIRECT_MAP_BASE + base, base, hole - base, PTE_R | PTE_W, "RAM");
		base = hole_end;
	}
}

int kvm_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t perm, int max_level)
{
	spin_lock(&kvm_lock);
	int err = pt_map(&kernel_pt_env, kernel_root, va, pa, size, perm | PTE_G, max_level);
	if (!err)
		sync_user_roots(va, va + size - 1);
	spin_unlock(&kvm_lock);
	return err;
}

void kvm_unmap(uint64_t va, uint64_t size, struct tlb_gather *g)
{
	spin_lock(&kvm_lock);
	pt_unmap(&g->env, kernel_root, va, size, tlb_gather_leaf, g);
	sync_user_roots(va, va + size - 1);
	spin_unlock(&kvm_lock);
}

/* Makes the direct map's alias of [start, end) of the image read-only, as the image's own
 * mapping of it is: no second way to write the kernel's code or constants. */
static void protect_alias(char *start, char *end, const char *what)
{
	uint64_t alias = DIRECT_MAP_BASE + kernel_va_to_pa((uint64_t)start);

	if (end > start &&
	    pt_protect(&kernel_pt_env, kernel_root, alias, (uint64_t)(end - start), PTE_R | PTE_G))
		panic("kvm: cannot make the direct map of the %s read-only", what);
}

uintptr_t kvm_map_mmio(uint64_t pa, uint64_t size)
{
	uint64_t start = PAGE_ROUND_DOWN(pa), end = PAGE_ROUND_UP(pa + size);
	uint64_t va = DIRECT_MAP_BASE + start;

	/* Nothing of it mapped yet (the common case): one call, 2 MiB leaves where the
	 * range allows (the PLIC's 6 MiB would take 1536 calls a page at a time). */
	int err = kvm_map(va, start, end - start, PTE_R | PTE_W, 1);
	if (err && err != -EEXIST)
		return 0;
	for (uint64_t off = 0; err && off < end - start; off += PAGE_SIZE) {
		int level;
		if (pt_walk(&kernel_pt_env, kernel_root, va + off, &level))
			continue;
		if (kvm_map(va + off, start + off, PAGE_SIZE, PTE_R | PTE_W, 0))
			return 0;
	}
	sfence_vma_all();
	return DIRECT_MAP_BASE + pa;
}

void kvm_share_kernel(struct kvm_user_root *r, uint64_t root)
{
	pte_t *dst = phys_to_virt(root), *src = phys_to_virt(kernel_root);

	spin_lock(&kvm_lock);
	for (int i = KERNEL_ROOT_FIRST_ENTRY; i < PT_ENTRIES; i++)
		dst[i] = src[i];
	r->root = root;
	r->next = user_roots.next;
	r->prev = &user_roots;
	user_roots.next->prev = r;
	user_roots.next = r;
	spin_unlock(&kvm_lock);
}

void kvm_unshare_kernel(struct kvm_user_root *r)
{
	spin_lock(&kvm_lock);
	r->prev->next = r->next;
	r->next->prev = r->prev;
	spin_unlock(&kvm_lock);
}

void kvm_init(const struct dt_info *dt)
{
	kernel_root = pt_create(&kernel_pt_env);
	if (!kernel_root)
		panic("kvm: out of memory for the kernel root table");

	map_image_part(_start, _etext, PTE_R | PTE_X, "kernel text");
	map_image_part(_srodata, _erodata, PTE_R, "kernel rodata");
	map_image_part(_sdata, _edata, PTE_R | PTE_W, "kernel data");
	map_image_part(_sksyms, _end, PTE_R, "kernel symbols");
	for (int i = 0; i < dt->nram; i++)
		map_ram(dt, dt->ram[i].base, dt->ram[i].base + dt->ram[i].size);
	protect_alias(_start, _erodata, "kernel text and rodata");
	protect_alias(_sksyms, _end, "kernel symbols");
}

void kvm_activate(void)
{
	satp_write(kvm_satp(kernel_root, 0));
	sfence_vma_all();
}
