/* Opening files and asking about them: openat(2), newfstatat/fstat(2), faccessat(2),
 * faccessat2(2), getdents64(2), readlinkat(2), ftruncate(2), fchmod/fchmodat(2). */
#include <stddef.h>
#include <string.h>
#include "abi/dirent.h"
#include "abi/errno.h"
#include "fs/at.h"
#include "fs/memfd.h"
#include "kernel/proc.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* Truncation under the file's I/O lock (fs/inode.h): no read or write of it is between
 * pages meanwhile. */
static int truncate_locked(struct inode *ip, uint64_t size)
{
	inode_lock_io(ip);
	int err = inode_truncate(ip, size);
	inode_unlock_io(ip);
	return err;
}

#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
		    O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_PATH)
/* What O_PATH keeps (open(2)): the rest is ignored. */
#define PATH_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* O_CREAT: the existing file, or a new one with mode less the umask. */
static int open_creat(int64_t dirfd, const char *path, int flags, uint32_t mode,
		      struct inode **out)
{
	struct inode *dir;
	char name[NAME_MAX + 1];
	int slash;
	int err = at_parent(dirfd, path, &dir, name, &slash);

	if (err)
		return err;
	struct inode *ip = fs_lookup_child(dir, name);
	if (!strcmp(name, ".") || !strcmp(name, "..") || slash)
		err = -EISDIR;
	else if (ip && (flags & O_EXCL))
		err = -EEXIST;
	else if (!ip)
		err = fs_create(dir, name, mode & ~current_proc()->fs->umask, out);
	inode_put(dir);
	int existed = ip != NULL;
	inode_put(ip);
	if (err || !existed)
		return err;
	/* It exists: an ordinary lookup decides, following a final symlink unless told not. */
	return at_lookup(dirfd, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, out);
}

long sys_openat(uint64_t dirfd, uint64_t upath, uint64_t uflags, uint64_t mode, uint64_t a4,
		uint64_t a5)
{
	(void)a4, (void)a5;
	int flags = (int)uflags & OPEN_FLAGS;
	struct inode *ip;
	char *path;

	if (flags & O_PATH)
		flags &= PATH_FLAGS;
	/* open(2): both at once is EINVAL (Linux 6.4 on). A full table fails before anything
	 * is looked up or made, as Linux takes the descriptor first. */
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (fd_lowest_free(0) < 0)
		return -EMFILE;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	if (flags & O_CREAT)
		err = open_creat((int64_t)dirfd, path, flags, (uint32_t)mode & 07777, &ip);
	else
		err = at_lookup((int64_t)dirfd, path, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ip);
	kfree(path);
	if (err)
		return err;
	int acc = flags & O_ACCMODE;
	if (S_ISLNK(ip->mode) && !(flags & O_PATH))
		err = -ELOOP;      /* O_NOFOLLOW met a symlink */
	else if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (S_ISDIR(ip->mode) && !(flags & O_PATH) &&
		 (acc == O_WRONLY || acc == O_RDWR || (flags & O_CREAT)))
		err = -EISDIR;
	else if ((flags & O_TRUNC) && !(flags & O_PATH) && S_ISREG(ip->mode))
		err = truncate_locked(ip, 0);
	if (err) {
		inode_put(ip);
		return err;
	}
	struct file *f = file_alloc(ip, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_CLOEXEC));
	inode_put(ip);
	if (!f)
		return -ENOMEM;
	if (f->ops->open && !(flags & O_PATH) && (err = f->ops->open(f, flags))) {
		file_put(f);
		return err;
	}
	return fd_install(f, 0, (flags & O_CLOEXEC) != 0);
}

static long stat_to_user(struct inode *ip, uint64_t ubuf)
{
	struct stat st;

	inode_stat(ip, &st);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstat(uint64_t fd, uint64_t ubuf, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);
	if (!f)
		return -EBADF;
	long r = stat_to_user(f->ip, ubuf);
	file_put(f);
	return r;
}

long sys_newfstatat(uint64_t dirfd, uint64_t upath, uint64_t ubuf, uint64_t flags, uint64_t a4,
		    uint64_t a5)
{
	(void)a4, (void)a5;
	struct inode *ip;

	if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = at_lookup_flags((int64_t)dirfd, upath, flags, 1, AT_SYMLINK_NOFOLLOW, &ip);
	if (err)
		return err;
	long r = stat_to_user(ip, ubuf);
	inode_put(ip);
	return r;
}

/* The caller is root: reading and writing are always allowed, running needs an execute
 * bit somewhere (or a directory), as Linux's generic_permission() decides for root. Real
 * and effective ids are the same, so AT_EACCESS changes nothing. */
static long access_check(uint64_t dirfd, uint64_t upath, uint64_t mode, uint64_t flags)
{
	struct inode *ip;

	if (mode & ~(uint64_t)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(uint64_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int err = at_lookup_flags((int64_t)dirfd, upath, flags, 1, AT_SYMLINK_NOFOLLOW, &ip);
	if (err)
		return err;
	if ((mode & X_OK) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
		err = -EACCES;
	inode_put(ip);
	return err;
}

long sys_faccessat(uint64_t dirfd, uint64_t upath, uint64_t mode, uint64_t a3, uint64_t a4,
		   uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return access_check(dirfd, upath, mode, 0);
}

/* faccessat2(2) (Linux 5.8): faccessat with the flags the glibc wrapper used to fake. */
long sys_faccessat2(uint64_t dirfd, uint64_t upath, uint64_t mode, uint64_t flags, uint64_t a4,
		    uint64_t a5)
{
	(void)a4, (void)a5;
	return access_check(dirfd, upath, mode, flags);
}

static uint8_t dirent_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return DT_REG;
	case S_IFDIR: return DT_DIR;
	case S_IFLNK: return DT_LNK;
	case S_IFCHR: return DT_CHR;
	case S_IFIFO: return DT_FIFO;
	default: return DT_UNKNOWN;
	}
}

/* Positions: 0 is ".", 1 "..", 2 + i the directory's entry i; d_off is the next one. */
static long getdents_file(struct file *f, uint64_t ubuf, uint64_t count)
{
	char rec[sizeof(struct linux_dirent64) + NAME_MAX + 1 + 8];
	uint64_t done = 0;

	if (f->flags & O_PATH)
		return -EBADF;
	if (!S_ISDIR(f->ip->mode))
		return -ENOTDIR;
	for (;;) {
		struct linux_dirent64 *de = (struct linux_dirent64 *)rec;
		struct inode *dir = f->ip, *ip;
		const char *name;
		/* The entry is copied out of the tree under the lock, then to the user. */
		spin_lock(&fs_lock);
		if (f->off == 0) {
			name = ".";
			ip = dir;
		} else if (f->off == 1) {
			name = "..";
			ip = dir->parent ? dir->parent : dir;
		} else {
			struct dirent_node *d = dir_entry_at(dir, f->off - 2);
			name = d ? d->name : NULL;
			ip = d ? d->inode : NULL;
		}
		size_t len = name ? strlen(name) : 0;
		uint16_t reclen = (uint16_t)((offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~7UL);
		if (name && done + reclen <= count) {
			memset(rec, 0, reclen);
			de->d_ino = ip->ino;
			de->d_off = (int64_t)f->off + 1;
			de->d_reclen = reclen;
			de->d_type = dirent_type(ip->mode);
			memcpy(de->d_name, name, len);
		}
		spin_unlock(&fs_lock);
		if (!name)
			break;
		if (done + reclen > count) {
			if (!done)
				return -EINVAL;   /* the buffer holds not even this one */
			break;
		}
		if (copy_to_user(ubuf + done, rec, reclen))
			return done ? (long)done : -EFAULT;
		done += reclen;
		f->off++;
	}
	return (long)done;
}

long sys_getdents64(uint64_t fd, uint64_t ubuf, uint64_t count, uint64_t a3, uint64_t a4,
		    uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = getdents_file(f, ubuf, count);
	file_put(f);
	return r;
}

/* readlinkat(2): the target of any symlink, /proc's included (/proc/self/exe). */
long sys_readlinkat(uint64_t dirfd, uint64_t upath, uint64_t ubuf, uint64_t size, uint64_t a4,
		    uint64_t a5)
{
	(void)a4, (void)a5;
	struct inode *ip = NULL;
	const char *target = NULL;
	char first;

	if (copy_from_user(&first, upath, 1))
		return -EFAULT;
	/* An empty path names dirfd's own file, a symlink opened with O_PATH | O_NOFOLLOW;
	 * anything else is then ENOENT rather than EINVAL (do_readlinkat). */
	int err = at_lookup_flags((int64_t)dirfd, upath, first ? 0 : AT_EMPTY_PATH, 0, 0, &ip);
	if (!err && S_ISLNK(ip->mode))
		target = ip->target;
	else if (!err)
		err = first ? -EINVAL : -ENOENT;    /* not a symlink */
	if (!err && (int64_t)size <= 0)
		err = -EINVAL;
	long r = err;
	if (!err) {
		size_t n = strlen(target);
		if (n > size)
			n = size;   /* readlink truncates and does not terminate */
		r = copy_to_user(ubuf, target, n) ? -EFAULT : (long)n;
	}
	inode_put(ip);
	return r;
}

long sys_ftruncate(uint64_t fd, uint64_t length, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if ((int64_t)length < 0 || !S_ISREG(f->ip->mode) || !file_writable(f))
		r = -EINVAL;
	else if ((r = memfd_check_resize(f->ip, length)) == 0)
		r = truncate_locked(f->ip, length);
	file_put(f);
	return r;
}

static void set_mode(struct inode *ip, uint64_t mode)
{
	ip->mode = (ip->mode & S_IFMT) | ((uint32_t)mode & 07777);
	ip->ctime = fs_now();
}

long sys_fchmod(uint64_t fd, uint64_t mode, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = f->flags & O_PATH ? -EBADF : 0;
	if (!r)
		set_mode(f->ip, mode);
	file_put(f);
	return r;
}

/* The system call has no flags argument (fchmodat(2), "C library/kernel differences"). */
long sys_fchmodat(uint64_t dirfd, uint64_t upath, uint64_t mode, uint64_t a3, uint64_t a4,
		  uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct inode *ip;
	int err = at_lookup_flags((int64_t)dirfd, upath, 0, 1, 0, &ip);

	if (err)
		return err;
	set_mode(ip, mode);
	inode_put(ip);
	return 0;
}
