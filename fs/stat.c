/* What stat(2) says about an inode, for newfstatat/fstat and statx. */
#include <string.h>
#include "fs/inode.h"

void inode_stat(struct inode *ip, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ip->sb->dev;
	st->st_ino = ip->ino;
	st->st_mode = ip->mode;
	st->st_nlink = ip->nlink;
	st->st_uid = ip->uid;
	st->st_gid = ip->gid;
	st->st_rdev = ip->rdev;
	/* A directory's size counts 20 bytes per entry, "." and ".." included, as tmpfs does
	 * (BOGO_DIRENT_SIZE in mm/shmem.c). */
	st->st_size = S_ISDIR(ip->mode) ? (int64_t)(ip->size + 2) * 20 : (int64_t)ip->size;
	st->st_blksize = FS_PAGE_SIZE;
	st->st_blocks = (int64_t)ip->pages_present * (FS_PAGE_SIZE / 512);
	st->st_atime = ip->atime.sec;
	st->st_atime_nsec = ip->atime.nsec;
	st->st_mtime = ip->mtime.sec;
	st->st_mtime_nsec = ip->mtime.nsec;
	st->st_ctime = ip->ctime.sec;
	st->st_ctime_nsec = ip->ctime.nsec;
}
