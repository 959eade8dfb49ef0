/* The kernel's own address space (see mm/memlayout.h and the README's memory map). */
#ifndef MM_KVM_H
#define MM_KVM_H
#include <stdint.h>
#include "devicetree/dt.h"

extern uint64_t kernel_root;     /* physical address of the kernel's root table */
/* Builds the final kernel page tables (nothing uses them until kvm_activate). */
void kvm_init(const struct dt_info *dt);
/* Switches this hart to the final kernel tables (satp, ASID 0) and flushes its TLB. */
void kvm_activate(void);
/* Maps device registers; returns their kernel virtual address (0 on failure). */
uintptr_t kvm_map_mmio(uint64_t pa, uint64_t size);
/* Copies the kernel's upper-half root entries into a new process root. */
void kvm_share_kernel(uint64_t root);
/* satp value for a root and ASID. */
uint64_t kvm_satp(uint64_t root, uint16_t asid);

#endif
