/* Operations on names in a directory, with the errors Linux gives (open(2), mkdir(2),
 * symlink(2), link(2), unlink(2), rmdir(2), rename(2)). Each takes the directory and the
 * last component that fs_lookup_parent found. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"

static int is_dot_or_dotdot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/* A directory removed while still in use takes no new names. */
static int dir_alive(struct inode *dir) { return dir->nlink > 0; }

/* A directory of a file system whose names users cannot change (/proc): creating is
 * EACCES, every other change EPERM (vfs_create, vfs_mkdir, ... without the operation). */
static int fixed(struct inode *dir) { return dir->sb->fixed_names; }

/* Makes a new inode named name in dir; *out (if not NULL) gets a reference to it. */
static int make(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
	size_t len = strlen(name);
	uint32_t hash = 0;

	if (is_dot_or_dotdot(name) || dir_lookup_to_add(dir, name, len, &hash))
		return -EEXIST;
	if (!dir_alive(dir))
		return -ENOENT;
	if (fixed(dir))
		return S_ISREG(mode) ? -EACCES : -EPERM;
	struct inode *ip = inode_alloc_locked(mode);
	if (!ip)
		return -ENOSPC;
	int err = dir_add_hashed(dir, name, len, hash, ip);
	if (err || !out)
		inode_put_locked(ip);
	else
		*out = ip;
	return err;
}

static int create_locked(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
	return make(dir, name, S_IFREG | (mode & 07777), out);
}

static int mkdir_locked(struct inode *dir, const char *name, uint32_t mode)
{
	return make(dir, name, S_IFDIR | (mode & 07777), NULL);
}

static int symlink_locked(struct inode *dir, const char *name, const char *target)
{
	size_t len = strlen(target);
	struct inode *ip;

	if (!len)
		return -ENOENT;   /* symlink(2): an empty target is ENOENT on Linux */
	char *copy = kmalloc(len + 1);
	if (!copy)
		return -ENOSPC;
	memcpy(copy, target, len + 1);
	int err = make(dir, name, S_IFLNK | 0777, &ip);
	if (err) {
		kfree(copy);
		return err;
	}
	ip->target = copy;
	ip->size = len;
	inode_put_locked(ip);
	return 0;
}

static int link_locked(struct inode *dir, const char *name, struct inode *ip)
{
	if (S_ISDIR(ip->mode))
		return -EPERM;    /* no hard links to directories */
	if (is_dot_or_dotdot(name) || dir_lookup(dir, name, strlen(name)))
		return -EEXIST;
	if (!dir_alive(dir) || ip->nlink == 0)
		return -ENOENT;   /* an unlinked file cannot get a name back (link(2)) */
	if (ip->sb != dir->sb)
		return -EXDEV;
	if (fixed(dir))
		return -EPERM;
	return dir_add(dir, name, strlen(name), ip);
}

static int unlink_locked(struct inode *dir, const char *name)
{
	struct inode *ip = dir_lookup(dir, name, strlen(name));

	if (is_dot_or_dotdot(name))
		return -EISDIR;
	if (!ip)
		return -ENOENT;
	if (S_ISDIR(ip->mode))
		return -EISDIR;   /* Linux says EISDIR where POSIX says EPERM */
	if (fixed(dir))
		return -EPERM;
	dir_remove(dir, name, strlen(name));
	return 0;
}

static int rmdir_locked(struct inode *dir, const char *name)
{
	if (!strcmp(name, "."))
		return -EINVAL;
	if (!strcmp(name, ".."))
		return -ENOTEMPTY;
	struct inode *ip = dir_lookup(dir, name, strlen(name));
	if (!ip)
		return -ENOENT;
	if (!S_ISDIR(ip->mode))
		return -ENOTDIR;
	if (fixed(dir))
		return -EPERM;
	if (ip->mounted)
		return -EBUSY;
	if (!dir_is_empty(ip))
		return -ENOTEMPTY;
	dir_remove(dir, name, strlen(name));
	return 0;
}

/* Whether dir is ip or lies below it. */
static int is_within(struct inode *dir, struct inode *ip)
{
	for (struct inode *d = dir; d; d = d->parent == d ? NULL : d->parent)
		if (d == ip)
			return 1;
	return 0;
}

static int rename_locked(struct inode *odir, const char *oname, struct inode *ndir,
			 const char *nname, int noreplace)
{
	if (odir->sb != ndir->sb)
		return -EXDEV;    /* checked before the names are (do_renameat2) */
	if (is_dot_or_dotdot(oname) || is_dot_or_dotdot(nname))
		return -EBUSY;
	struct inode *ip = dir_lookup(odir, oname, strlen(oname));
	if (!ip)
		return -ENOENT;
	if (fixed(odir))
		return -EPERM;
	struct inode *old = dir_lookup(ndir, nname, strlen(nname));
	if (ip->mounted || (old && old->mounted))
		return -EBUSY;    /* a mount point */
	if (old && noreplace)
		return -EEXIST;
	if (old == ip)
		return 0;         /* two names of one file: rename(2) does nothing */
	if (S_ISDIR(ip->mode) && is_within(ndir, ip))
		return -EINVAL;   /* a directory into itself */
	if (old && S_ISDIR(ip->mode) && !S_ISDIR(old->mode))
		return -ENOTDIR;
	if (old && !S_ISDIR(ip->mode) && S_ISDIR(old->mode))
		return -EISDIR;
	if (old && S_ISDIR(old->mode) && !dir_is_empty(old))
		return -ENOTEMPTY;
	if (!dir_alive(ndir))
		return -ENOENT;

	/* The new name first, so that running out of memory changes nothing; the reference
	 * keeps ip alive between its two names. dir_add appends, so dir_remove then finds
	 * the replaced file's older entry first. */
	inode_get(ip);
	int err = dir_add(ndir, nname, strlen(nname), ip);
	if (!err) {
		if (old)
			dir_remove(ndir, nname, strlen(nname));
		dir_remove(odir, oname, strlen(oname));
	}
	inode_put_locked(ip);
	return err;
}

/* The operations under fs_lock. */
#define LOCKED(call)                            \
	({                                      \
		spin_lock(&fs_lock);            \
		int err_ = call;                \
		spin_unlock(&fs_lock);          \
		err_;                           \
	})

int fs_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out)
{
	return LOCKED(create_locked(dir, name, mode, out));
}

int fs_mkdir(struct inode *dir, const char *name, uint32_t mode)
{
	return LOCKED(mkdir_locked(dir, name, mode));
}

int fs_symlink(struct inode *dir, const char *name, const char *target)
{
	return LOCKED(symlink_locked(dir, name, target));
}

int fs_link(struct inode *dir, const char *name, struct inode *ip)
{
	return LOCKED(link_locked(dir, name, ip));
}

int fs_unlink(struct inode *dir, const char *name)
{
	return LOCKED(unlink_locked(dir, name));
}

int fs_rmdir(struct inode *dir, const char *name)
{
	return LOCKED(rmdir_locked(dir, name));
}

int fs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
	      int noreplace)
{
	return LOCKED(rename_locked(odir, oname, ndir, nname, noreplace));
}
