/* User address spaces: page tables plus the set of ranges (VMAs) that say what may be
 * there. Anonymous memory is demand-zero: mmap only reserves address space, and the
 * page-fault path (uvm_fault) supplies a zeroed page at the first touch, or for MAP_SHARED
 * memory the page of the range's shared object (mm/vmobj.h). fork shares private pages
 * copy-on-write. */
#ifndef MM_UVM_H
#define MM_UVM_H
#include <stddef.h>
#include <stdint.h>
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/pagetable.h"
#include "mm/vma.h"
#include "mm/vmobj.h"
#include "kernel/rwlock.h"
#include "kernel/spinlock.h"

#include "abi/mman.h"

#define USER_STACK_SIZE (8UL << 20)
#define USER_STACK_TOP USER_TOP
#define MMAP_MIN_ADDR 0x10000UL
/* Top of the mmap area: below the stack, leaving a gap so the two never meet. */
#define MMAP_TOP (USER_STACK_TOP - USER_STACK_SIZE - (1UL << 30))

struct mm {
	uint64_t root;          /* physical address of the root table */
	struct kvm_user_root kernel_half;   /* the root's share of the kernel's tables */
	struct vma_set vmas;
	uint64_t brk_start;     /* page-aligned end of the program image */
	uint64_t brk;           /* current break, as the program set it (unaligned allowed) */
	uint64_t arg_start, arg_end;   /* argv's strings on the stack (/proc/PID/cmdline) */
	/* Flags every new range gets: VMA_LOCKED (| VMA_LOCKONFAULT) after mlockall with
	 * MCL_FUTURE (Linux's mm->def_flags). */
	uint32_t def_flags;
	/* RLIMIT_AS and RLIMIT_DATA in bytes, as the owner's limits say (kernel/rlimit.c):
	 * mmap and brk fail with ENOMEM beyond them (Linux's may_expand_vm). */
	uint64_t limit_as, limit_data;
	uint64_t context;       /* ASID generation | ASID (mm/asid.h), 0 before it first runs */
	/* Harts (bits by struct cpu index) that may cache its translations: set when a hart
	 * switches to it, kept after it switches away (its entries stay under the ASID). */
	uint64_t harts;
	/* Harts whose satp names it now (mm_activate to mm_deactivate): a flush of its user
	 * mappings reaches these by SBI call (mm/tlb.h tlb_other_harts)... */
	uint64_t active;
	/* ... and marks the rest of `harts` here: each flushes the ASID before it next runs
	 * it (mm_activate), so thread churn costs no remote call while the others idle. */
	uint64_t tlb_stale;
	/* Harts that must run fence.i before they next run it: code was written into it
	 * while they were elsewhere (mm/tlb.h tlb_sync_icache, checked in mm_activate). */
	uint64_t icache_stale;
	/* The address-space lock (docs/locking.md): the VMA set, brk, def_flags and which
	 * page tables exist. Shared for page faults (and the other paths that only resolve
	 * faults or read the ranges: user copies' range checks, futex words, tid stores), so
	 * threads fault in parallel; exclusive for everything that changes the ranges or
	 * removes entries or tables (mmap, munmap, mprotect, brk, mremap, madvise, mlock,
	 * fork's copy of the parent, truncation) and for /proc's readers. */
	struct rwlock lock;
	/* The page-table lock (Linux's page_table_lock): held, with lock shared or
	 * exclusive, around making a missing table and around a fault's replacement of a
	 * copy-on-write entry, which looks at the entry again under it so that two harts
	 * faulting one page replace it once (an empty entry is filled by a compare-and-swap
	 * instead, mm/uvm.c). Innermost but for the page allocator. */
	struct spinlock table_lock;
	int users;              /* threads using it (CLONE_VM: threads, a vfork child); atomic */
	/* A number no other mm has had, taken anew whenever tables of this mm may be freed
	 * (unmapping, under lock exclusive): the harts' caches of the level-0 table their last
	 * fault used (struct cpu's fault_cache) name it, and a cache whose number is no
	 * longer the mm's is not used. */
	uint64_t tables_gen;
};

/* What kind of access faulted. */
enum fault_access { FAULT_READ, FAULT_WRITE, FAULT_EXEC };

/* The address-space lock, a spinning reader-writer lock: nothing under it sleeps (the
 * file pages a fault maps are in memory; page allocation does not sleep), docs/locking.md.
 * Never held across a user copy: a fault in the copy takes it. mm_lock is the exclusive
 * form, mm_lock_shared the page faults' form. */
static inline void mm_lock(struct mm *mm)
{
	rw_lock_exclusive(&mm->lock);
}

static inline void mm_unlock(struct mm *mm)
{
	rw_unlock_exclusive(&mm->lock);
}

static inline void mm_lock_shared(struct mm *mm)
{
	rw_lock_shared(&mm->lock);
}

static inline void mm_unlock_shared(struct mm *mm)
{
	rw_unlock_shared(&mm->lock);
}

#ifdef HOST_TEST
static inline void mm_assert_locked(const struct mm *mm)
{
	(void)mm;   /* the host tests run one thread */
}
#else
#include "kernel/panic.h"
/* This hart holds mm's lock, shared or exclusive. */
static inline void mm_assert_locked(const struct mm *mm)
{
	BUG_ON(!rw_holding(&mm->lock));
}
#endif

/* Tables of mm may be freed from now on (lock held exclusive): every hart's cached
 * level-0 table of mm is forgotten. */
void mm_tables_may_change(struct mm *mm);

struct mm *mm_create(void);
/* Takes one more user: clone with CLONE_VM, or a caller that found mm through a process
 * (under proc_lock) and must keep it alive after dropping that lock. */
static inline void mm_get(struct mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
}
/* Drops one user; the last one frees every page, table and the ASID. */
void mm_put(struct mm *mm);
/* Pages present in mm's page tables (mm/rss.c). */
uint64_t mm_rss(struct mm *mm);
/* Copy-on-write duplicate for fork; NULL when out of memory. */
struct mm *mm_fork(struct mm *parent);
/* fork's share of the private memory in [start, end) (page-aligned, inside one range of
 * parent): every page present in the parent becomes copy-on-write in both and is mapped
 * at the same address in child (mm/fork_copy.c). 0 or -ENOMEM; on failure what was
 * mapped in child stays counted, for its teardown. Flushing the parent's TLB is the
 * caller's. */
int uvm_fork_range(struct mm *child, struct mm *parent, uint64_t start, uint64_t end);
/* Makes mm the address space of this hart (satp), with an ASID of the current generation
 * and the flushes and fence.i this hart owes it (mm/mm_switch.c). */
void mm_activate(struct mm *mm);
/* Back to the kernel's tables, so that no hart keeps naming the root of an mm another
 * hart may free (a thread's, once threads exist). */
void mm_deactivate(void);

/* What uvm_fault answers for a page of a file mapping wholly past the end of the file:
 * the process gets SIGBUS (kernel/proc.c maps fault results to signals). */
#define FAULT_SIGBUS VMOBJ_PAST_END

/* Resolves a fault at addr: 0, -EFAULT (no range or not allowed: SIGSEGV), FAULT_SIGBUS,
 * -ENOMEM. The caller holds mm->lock, shared or exclusive (as for every uvm_ call on an mm
 * another hart may use; a new mm exec is building is private). Concurrent faults on one
 * page install it once (mm/uvm.c). */
int uvm_fault(struct mm *mm, uint64_t addr, enum fault_access access);
/* The same under mm->lock, taken shared and released here (a user page fault). */
int uvm_fault_locking(struct mm *mm, uint64_t addr, enum fault_access access);

/* mmap(2) of anonymous memory (file NULL, MAP_ANONYMOUS) or of a file's object (from
 * mm/filemap.h: the caller checked the descriptor and keeps its reference; each range
 * takes its own). */
long uvm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags,
	      struct vm_object *file, uint64_t offset);
int uvm_munmap(struct mm *mm, uint64_t addr, uint64_t len);
/* mremap(2) (mm/mremap.c): the new address or a negative errno. */
long uvm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
		uint64_t new_addr);
/* Linux's may_expand_vm: len more bytes of a range with prot and flags keep the address
 * space within RLIMIT_AS and data memory (private writable, not stack) within
 * RLIMIT_DATA. */
int uvm_may_expand(const struct mm *mm, uint64_t len, uint32_t prot, uint32_t flags);
/* [addr, addr + len) lies in the part of user space mmap may use at a fixed address. */
int uvm_fixed_range_ok(uint64_t addr, uint64_t len);
/* Drops the pages mapped in [start, end) (page-aligned), keeping the ranges: the next
 * touch faults them in again (truncation, MADV_DONTNEED). */
void uvm_zap(struct mm *mm, uint64_t start, uint64_t end);
int uvm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot);
uint64_t uvm_brk(struct mm *mm, uint64_t addr);

/* Faults in the pages of the ranges in [start, end) (page-aligned; holes skipped):
 * with POPULATE_AS_MLOCK the access each range's protection suggests (a write for private
 * writable memory, PROT_NONE skipped), else access (FAULT_READ or FAULT_WRITE), -EINVAL
 * if a range does not allow it. 0 or the first uvm_fault error. */
#define POPULATE_AS_MLOCK (-1)
int uvm_populate(struct mm *mm, uint64_t start, uint64_t end, int access);

/* madvise(2), msync(2), mincore(2) (mm/madvise.c, mm/msync.c, mm/mincore.c), mlock(2),
 * mlock2, munlock, mlockall, munlockall (mm/mlock.c): Linux's checks and errors. */
int uvm_madvise(struct mm *mm, uint64_t start, uint64_t len, int advice);
int uvm_msync(struct mm *mm, uint64_t start, uint64_t len, int flags);
/* vec is a user address: one byte per page, bit 0 set when resident. Takes mm->lock
 * itself (not across its copies to vec). */
int uvm_mincore(struct mm *mm, uint64_t start, uint64_t len, uint64_t vec);
int uvm_mlock(struct mm *mm, uint64_t start, uint64_t len, int flags);
int uvm_munlock(struct mm *mm, uint64_t start, uint64_t len);
int uvm_mlockall(struct mm *mm, int flags);
int uvm_munlockall(struct mm *mm);
/* Bytes in locked ranges (VmLck in /proc/PID/status). */
uint64_t uvm_locked_bytes(struct mm *mm);

/* For every user page leaving an address space (a pt_leaf_fn): drops the mapping's
 * reference, freeing the page unless another address space or a shared object holds it. */
void uvm_drop_page(void *arg, uint64_t va, uint64_t pa, uint64_t size, pte_t pte);

/* The PTE permission bits for a range's prot (PROT_NONE: PTE_NONE, an entry that keeps
 * its page but is not valid). */
uint64_t uvm_pte_perm(uint32_t prot);

/* Adds a range [start, end) with prot (for the ELF loader and the stack). */
int uvm_add_range(struct mm *mm, uint64_t start, uint64_t end, uint32_t prot, uint32_t flags);
/* Copies n bytes at va of mm into dst without faulting (pages never touched read as
 * zeros): 0, or -EFAULT outside mm's ranges (mm/uvm_read.c). */
int uvm_read(struct mm *mm, uint64_t va, void *dst, size_t n);
/* Writes n bytes from src (zeros if src is NULL) into mm at va (faulting pages in as a
 * write would), without switching address spaces. Returns 0 or a negative errno. */
int uvm_write(struct mm *mm, uint64_t va, const void *src, size_t n);

#endif
