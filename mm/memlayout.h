/* The kernel's virtual address space (Sv39) and physical-memory constants. */
#ifndef MM_MEMLAYOUT_H
#define MM_MEMLAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define MEGAPAGE_SIZE (1UL << 21)
#define GIGAPAGE_SIZE (1UL << 30)

/* User space: the lower half of Sv39 (bit 38 clear). */
#define USER_TOP        0x4000000000UL
/* Direct map of all RAM: VA = PA + DIRECT_MAP_BASE (Linux sv39 PAGE_OFFSET). */
#define DIRECT_MAP_BASE 0xffffffd800000000UL
/* Kernel stacks, each with an unmapped guard page below it. */
#define KSTACK_AREA     0xffffffff00000000UL
#define KSTACK_AREA_SIZE GIGAPAGE_SIZE
/* The kernel image's link address (Linux convention). */
#define KERNEL_VBASE    0xffffffff80000000UL
/* The first physical address the direct map cannot hold: above it the map would run
 * into the kernel stacks (156 GiB, 0x2700000000), and at 0x2780000000 into the image.
 * RAM, the device tree and device registers must lie below it. */
#define DIRECT_MAP_END_PA (KSTACK_AREA - DIRECT_MAP_BASE)

#define PAGE_ROUND_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(a)   (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void *phys_to_virt(uint64_t pa) { return (void *)(pa + DIRECT_MAP_BASE); }
static inline uint64_t virt_to_phys(const void *va) { return (uint64_t)va - DIRECT_MAP_BASE; }
#endif

#endif
