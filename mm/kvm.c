/* The final kernel page tables: the image with per-section permissions (text R+X,
 * rodata R, data/bss R+W, never W+X), a direct map of RAM only (holes and no-map
 * reservations stay unmapped) with the largest leaves alignment allows, and device
 * registers. All kernel mappings are global (PTE_G). */
#include "boot/boot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/kvm.h"
#include "mm/page.h"

uint64_t kernel_root;

#define KERNEL_ROOT_FIRST_ENTRY (PT_ENTRIES / 2)

uint64_t kvm_satp(uint64_t root, uint16_t asid)
{
	return SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> PAGE_SHIFT);
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

uintptr_t kvm_map_mmio(uint64_t pa, uint64_t size)
{
	uint64_t start = PAGE_ROUND_DOWN(pa), end = PAGE_ROUND_UP(pa + size);
	uint64_t va = DIRECT_MAP_BASE + start;

	for (uint64_t off = 0; off < end - start; off += PAGE_SIZE) {
		int level;
		if (pt_walk(&kernel_pt_env, kernel_root, va + off, &level))
			continue;
		if (pt_map(&kernel_pt_env, kernel_root, va + off, start + off, PAGE_SIZE,
			   PTE_R | PTE_W | PTE_G, 0))
			return 0;
	}
	__asm__ volatile("sfence.vma" ::: "memory");
	return DIRECT_MAP_BASE + pa;
}

void kvm_share_kernel(uint64_t root)
{
	pte_t *dst = phys_to_virt(root), *src = phys_to_virt(kernel_root);

	for (int i = KERNEL_ROOT_FIRST_ENTRY; i < PT_ENTRIES; i++)
		dst[i] = src[i];
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

	/* Every upper-half root entry a process will share must exist now: create the
	 * kernel-stack area's table (its first stack, the boot hart's, keeps it non-empty). */
	pte_t *root = phys_to_virt(kernel_root);
	unsigned stack_slot = (KSTACK_AREA >> 30) & (PT_ENTRIES - 1);
	uint64_t table = page_alloc_zeroed();
	if (!table)
		panic("kvm: out of memory for the kernel stack table");
	root[stack_slot] = PA_TO_PTE(table) | PTE_V;
}

void kvm_activate(void)
{
	__asm__ volatile("csrw satp, %0\n sfence.vma" ::"r"(kvm_satp(kernel_root, 0)) : "memory");
}
