/* The kernel's own address space (see mm/memlayout.h and the README's memory map). */
#ifndef MM_KVM_H
#define MM_KVM_H
#include <stdint.h>
#include "devicetree/dt.h"
#include "mm/memlayout.h"
#include "riscv/csr.h"

struct tlb_gather;

extern uint64_t kernel_root;     /* physical address of the kernel's root table */

/* Builds the final kernel page tables (nothing uses them until kvm_activate). */
void kvm_init(const struct dt_info *dt);
/* Switches this hart to the final kernel tables (satp, ASID 0) and flushes its TLB. */
void kvm_activate(void);
/* A process root table, which shares the kernel's tables through its upper-half entries
 * (kept in struct mm). */
struct kvm_user_root {
	uint64_t root;
	struct kvm_user_root *prev, *next;
};

/* Maps [va, va + size) to pa in the kernel's tables, as pt_map does (PTE_G added), so
 * that every address space sees it, those made before included. */
int kvm_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t perm, int max_level);
/* Unmaps [va, va + size) of the kernel's tables into g (mm/tlb_gather.h), which the caller
 * then finishes. */
void kvm_unmap(uint64_t va, uint64_t size, struct tlb_gather *g);
/* Maps device registers; returns their kernel virtual address (0 on failure). */
uintptr_t kvm_map_mmio(uint64_t pa, uint64_t size);
/* Gives a new process root the kernel's upper-half root entries and keeps them current:
 * kvm_map copies every root entry it adds or changes into each shared root. */
void kvm_share_kernel(struct kvm_user_root *r, uint64_t root);
/* Before the root is freed. */
void kvm_unshare_kernel(struct kvm_user_root *r);
/* satp value for a root and ASID (inline: every switch computes two). */
static inline uint64_t kvm_satp(uint64_t root, uint16_t asid)
{
	return SATP_MODE_SV39 | ((uint64_t)asid << SATP_ASID_SHIFT) | (root >> PAGE_SHIFT);
}

#endif
