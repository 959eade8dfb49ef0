/* Supplementary groups. Every process runs as root (uid and gid 0, syscall/sys_proc.c)
 * with no supplementary groups, as a process started by a Linux kernel without
 * setgroups(2) has: getgroups returns 0 whatever the buffer. */
#include <stdint.h>
#include "abi/errno.h"
#include "syscall/syscall.h"

/* getgroups(size, list): the number of groups, none here; a negative size is EINVAL
 * (the list is never written, so any size is large enough). */
long sys_getgroups(uint64_t size, uint64_t list, uint64_t a2, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)list, (void)a2, (void)a3, (void)a4, (void)a5;
	if ((int)size < 0)
		return -EINVAL;
	return 0;
}
