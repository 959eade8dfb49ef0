/* Memory system calls: thin wrappers over the current address space (mm/mmap.c). */
#include "kernel/proc.h"
#include "syscall/syscall.h"

long sys_brk(uint64_t addr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return (long)uvm_brk(current_proc()->mm, addr);
}

long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, uint64_t fd,
	      uint64_t offset)
{
	return uvm_mmap(current_proc()->mm, addr, len, (int)prot, (int)flags, (int)fd, offset);
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
