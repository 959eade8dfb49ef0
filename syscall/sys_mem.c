/* Memory system calls: thin wrappers over the current address space (mm/mmap.c). */
#include "abi/errno.h"
#include "kernel/proc.h"
#include "mm/filemap.h"
#include "syscall/syscall.h"

long sys_brk(uint64_t addr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return (long)uvm_brk(current_proc()->mm, addr);
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
		struct file *f = fd_file((int64_t)(int)fd);
		if (!f || (f->flags & O_PATH))
			return -EBADF;
		int err = filemap_check(f, (int)prot, (int)flags, &file);
		if (err)
			return err;
	}
	long r = uvm_mmap(current_proc()->mm, addr, len, (int)prot, (int)flags, file, offset);
	if (file)
		vmobj_put(file);
	return r;
}

long sys_munmap(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	return uvm_munmap(current_proc()->mm, addr, len);
}

long sys_mprotect(uint64_t addr, uint64_t len, uint64_t prot, uint64_t a3, uint64_t a4,
		  uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return uvm_mprotect(current_proc()->mm, addr, len, (int)prot);
}

#define UNUSED3 (void)a3, (void)a4, (void)a5

long sys_msync(uint64_t addr, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	return uvm_msync(current_proc()->mm, addr, len, (int)flags);
}

long sys_madvise(uint64_t addr, uint64_t len, uint64_t advice, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	UNUSED3;
	return uvm_madvise(current_proc()->mm, addr, len, (int)advice);
}

long sys_mincore(uint64_t addr, uint64_t len, uint64_t vec, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	return uvm_mincore(current_proc()->mm, addr, len, vec);
}

long sys_mlock(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, UNUSED3;
	return uvm_mlock(current_proc()->mm, addr, len, 0);
}

long sys_mlock2(uint64_t addr, uint64_t len, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	UNUSED3;
	return uvm_mlock(current_proc()->mm, addr, len, (int)flags);
}

long sys_munlock(uint64_t addr, uint64_t len, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, UNUSED3;
	return uvm_munlock(current_proc()->mm, addr, len);
}

long sys_mlockall(uint64_t flags, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, UNUSED3;
	return uvm_mlockall(current_proc()->mm, (int)flags);
}

long sys_munlockall(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, UNUSED3;
	return uvm_munlockall(current_proc()->mm);
}

long sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags,
		uint64_t new_addr, uint64_t a5)
{
	(void)a5;
	return uvm_mremap(current_proc()->mm, addr, old_len, new_len, (int)flags, new_addr);
}
