/* memfd_create(2) (fs/memfd.c has the file and its seals). Flags and errors as Linux
 * 6.1's: MFD_CLOEXEC and MFD_ALLOW_SEALING; anything else, MFD_HUGETLB included (there
 * are no huge pages here), EINVAL; a name longer than 249 bytes EINVAL; a bad pointer
 * EFAULT; EMFILE, ENOMEM. */
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "fs/file.h"
#include "fs/memfd.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

long sys_memfd_create(uint64_t uname, uint64_t flags, uint64_t a2, uint64_t a3, uint64_t a4,
		      uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	char name[MEMFD_NAME_MAX + 1];

	if (flags & ~(uint64_t)(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	long len = strncpy_from_user(name, uname, sizeof(name));
	if (len == -ENAMETOOLONG)
		return -EINVAL;
	if (len < 0)
		return len;
	struct file *f = memfd_create(name, (unsigned)flags);
	if (!f)
		return -ENOMEM;
	return fd_install(f, 0, (flags & MFD_CLOEXEC) != 0);
}
