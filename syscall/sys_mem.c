/* Memory system calls: thin wrappers over the current address space (mm/mmap.c), each
 * under the address-space lock (docs/locking.md), so that threads of one process on other
 * harts see every call whole. mincore takes the lock itself: it copies to the user, which
 * may fault, and the fault path takes the lock. */
#include "abi/errno.h"
#include "kernel/proc.h"
#include "mm/filemap.h"
#include "syscall/syscall.h"

long sys_brk(uint64_t addr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_brk(mm, addr);
	mm_unlock(mm);
	return r;
}

/* A file mapping's descriptor is checked after the offset's alignment, as Linux riscv's
 * sys_mmap does (EINVAL before EBADF); an O_PATH descriptor is EBADF. */
long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, uint64_t fd,
	      uint64_t offset)
{
	struct vm_object *file = NULL;

	if (!(flags & MAP_ANONYMOUS)) {
		if (offset & (PAGE_SIZE - 1))
			return -EINVAL;
		struct file *f = fget((int64_t)(int)fd);
		if (!f)
			return -EBADF;
		int err = f->flags & O_PATH ? -EBADF : filemap_check(f, (int)prot, (int)flags, &file);
		file_put(f);
		if (err)
			return err;
	}
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = uvm_mmap(mm, addr, len, (int)prot, (int)flags, file, offset);
	mm_unlock(mm);
	if (file)
		vmobj_put(file);
	return r;
}

long sys_munmap(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_munmap(mm, addr, len);
	mm_unlock(mm);
	return r;
}

long sys_mprotect(uint64_t addr, uint64_t len, uint64_t prot, uint64_t a3, uint64_t a4,
		  uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_mprotect(mm, addr, len, (int)prot);
	mm_unlock(mm);
	return r;
}

#define UNUSED3 (void)a3, (void)a4, (void)a5

long sys_msync(uint64_t addr, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_msync(mm, addr, len, (int)flags);
	mm_unlock(mm);
	return r;
}

long sys_madvise(uint64_t addr, uint64_t len, uint64_t advice, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_madvise(mm, addr, len, (int)advice);
	mm_unlock(mm);
	return r;
}

long sys_mincore(uint64_t addr, uint64_t len, uint64_t vec, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	return uvm_mincore(current_proc()->mm, addr, len, vec);
}

long sys_mlock(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_mlock(mm, addr, len, 0);
	mm_unlock(mm);
	return r;
}

long sys_mlock2(uint64_t addr, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_mlock(mm, addr, len, (int)flags);
	mm_unlock(mm);
	return r;
}

long sys_munlock(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_munlock(mm, addr, len);
	mm_unlock(mm);
	return r;
}

long sys_mlockall(uint64_t flags, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_mlockall(mm, (int)flags);
	mm_unlock(mm);
	return r;
}

long sys_munlockall(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, UNUSED3;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_munlockall(mm);
	mm_unlock(mm);
	return r;
}

long sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags,
		uint64_t new_addr, uint64_t a5)
{
	(void)a5;
	struct mm *mm = current_proc()->mm;
	mm_lock(mm);
	long r = (long)uvm_mremap(mm, addr, old_len, new_len, (int)flags, new_addr);
	mm_unlock(mm);
	return r;
}
