/* Writing back and asking about the file system: fsync/fdatasync(2), sync/syncfs(2),
 * statfs/fstatfs(2). Everything lives in memory, so there is nothing to write back; the
 * calls only check their descriptor as Linux does. */
#include <string.h>
#include "abi/errno.h"
#include "abi/statfs.h"
#include "fs/at.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* Regular files and directories sync (ramfs's noop_fsync); pipes and devices have no
 * fsync operation: EINVAL (vfs_fsync_range). */
static long sync_fd(uint64_t fd)
{
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = f->flags & O_PATH ? -EBADF :
		 S_ISREG(f->ip->mode) || S_ISDIR(f->ip->mode) ? 0 : -EINVAL;
	file_put(f);
	return r;
}

long sys_fsync(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return sync_fd(fd);
}

long sys_fdatasync(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return sync_fd(fd);
}

long sys_sync(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return 0;
}

long sys_syncfs(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = f->flags & O_PATH ? -EBADF : 0;
	file_put(f);
	return r;
}

/* As simple_statfs() reports ramfs and proc: no block or inode counts, the page as block
 * size, NAME_MAX, and the mount's flags with ST_VALID. */
static long statfs_to_user(struct inode *ip, uint64_t ubuf)
{
	struct statfs sf;

	memset(&sf, 0, sizeof(sf));
	sf.f_type = (int64_t)ip->sb->magic;
	sf.f_bsize = FS_PAGE_SIZE;
	sf.f_namelen = NAME_MAX;
	sf.f_frsize = FS_PAGE_SIZE;
	sf.f_flags = ST_VALID | ip->sb->mnt_flags;
	return copy_to_user(ubuf, &sf, sizeof(sf)) ? -EFAULT : 0;
}

long sys_statfs(uint64_t upath, uint64_t ubuf, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct inode *ip;
	int err = at_lookup_flags(AT_FDCWD, upath, 0, 1, 0, &ip);

	if (err)
		return err;
	long r = statfs_to_user(ip, ubuf);
	inode_put(ip);
	return r;
}

/* O_PATH descriptors are enough (fstatfs uses fdget_raw). */
long sys_fstatfs(uint64_t fd, uint64_t ubuf, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = statfs_to_user(f->ip, ubuf);
	file_put(f);
	return r;
}
