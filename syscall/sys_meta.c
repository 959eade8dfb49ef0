/* An inode's attributes: statx(2), utimensat(2), fchownat/fchown(2). The caller is root,
 * so every change is allowed (CAP_CHOWN, CAP_FOWNER). */
#include <string.h>
#include "abi/errno.h"
#include "abi/time.h"
#include "fs/at.h"
#include "fs/dev.h"
#include "kernel/proc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

#define STATX_FLAGS (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)

static struct statx_timestamp stx_time(struct fs_time t)
{
	return (struct statx_timestamp){ t.sec, (uint32_t)t.nsec, 0 };
}

/* Every basic field is always filled, whatever the mask asked for, and stx_mask says so
 * (statx(2): "may return fields that were not requested"); there is no birth time. */
long sys_statx(uint64_t dirfd, uint64_t upath, uint64_t flags, uint64_t mask, uint64_t ubuf,
	       uint64_t a5)
{
	(void)a5;
	struct inode *ip;
	struct stat st;
	struct statx sx;

	if ((flags & ~(uint64_t)STATX_FLAGS) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	int err = at_lookup_flags((int64_t)dirfd, upath, flags, 1, AT_SYMLINK_NOFOLLOW, &ip);
	if (err)
		return err;
	inode_stat(ip, &st);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime = stx_time(ip->atime);
	sx.stx_mtime = stx_time(ip->mtime);
	sx.stx_ctime = stx_time(ip->ctime);
	sx.stx_rdev_major = DEV_MAJOR(ip->rdev);
	sx.stx_rdev_minor = DEV_MINOR(ip->rdev);
	sx.stx_dev_major = DEV_MAJOR(ip->sb->dev);
	sx.stx_dev_minor = DEV_MINOR(ip->sb->dev);
	sx.stx_mnt_id = ip->sb->dev;
	inode_put(ip);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* One of utimensat's two times: now, left alone, or as given (EINVAL outside a second). */
static int set_time(struct fs_time *t, const struct timespec *ts, struct fs_time now)
{
	if (ts && ts->tv_nsec == UTIME_OMIT)
		return 0;
	if (ts && ts->tv_nsec != UTIME_NOW && (ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC))
		return -EINVAL;
	*t = ts && ts->tv_nsec != UTIME_NOW ? (struct fs_time){ ts->tv_sec, ts->tv_nsec } : now;
	return 0;
}

/* A NULL path is futimens(3): dirfd's own file, and then no flags (do_utimes_fd). Both
 * times UTIME_OMIT return at once, not even looking the path up (fs/utimes.c). */
long sys_utimensat(uint64_t dirfd, uint64_t upath, uint64_t utimes, uint64_t flags,
		   uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct timespec ts[2];
	struct inode *ip;
	int err;

	if (utimes && copy_from_user(ts, utimes, sizeof(ts)))
		return -EFAULT;
	if (utimes && ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (!upath && (int64_t)dirfd != AT_FDCWD) {
		if (flags)
			return -EINVAL;
		struct file *f = fget((int64_t)dirfd);
		if (!f)
			return -EBADF;
		ip = inode_get(f->ip);
		file_put(f);
	} else {
		if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		if ((err = at_lookup_flags((int64_t)dirfd, upath, flags, 1, AT_SYMLINK_NOFOLLOW, &ip)))
			return err;
	}
	struct fs_time now = fs_now(), atime = ip->atime, mtime = ip->mtime;
	err = set_time(&atime, utimes ? &ts[0] : NULL, now);
	if (!err)
		err = set_time(&mtime, utimes ? &ts[1] : NULL, now);
	if (!err) {
		ip->atime = atime;
		ip->mtime = mtime;
		ip->ctime = now;
	}
	inode_put(ip);
	return err;
}

/* -1 leaves an id alone. A changed owner drops set-user-ID, and set-group-ID when group
 * execute is on, from anything but a directory, for root too (chown(2)). */
static void set_owner(struct inode *ip, uint64_t uid, uint64_t gid)
{
	if ((uint32_t)uid != (uint32_t)-1)
		ip->uid = (uint32_t)uid;
	if ((uint32_t)gid != (uint32_t)-1)
		ip->gid = (uint32_t)gid;
	if (!S_ISDIR(ip->mode)) {
		ip->mode &= ~(uint32_t)S_ISUID;
		if (ip->mode & 010)
			ip->mode &= ~(uint32_t)S_ISGID;
	}
	ip->ctime = fs_now();
}

long sys_fchownat(uint64_t dirfd, uint64_t upath, uint64_t uid, uint64_t gid, uint64_t flags,
		  uint64_t a5)
{
	(void)a5;
	struct inode *ip;

	if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = at_lookup_flags((int64_t)dirfd, upath, flags, 1, AT_SYMLINK_NOFOLLOW, &ip);
	if (err)
		return err;
	set_owner(ip, uid, gid);
	inode_put(ip);
	return 0;
}

long sys_fchown(uint64_t fd, uint64_t uid, uint64_t gid, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = f->flags & O_PATH ? -EBADF : 0;
	if (!r)
		set_owner(f->ip, uid, gid);
	file_put(f);
	return r;
}
