/* Names and directories: mkdirat(2), unlinkat(2), renameat2(2), linkat(2), symlinkat(2),
 * chdir/fchdir(2), getcwd(2) and umask(2). */
#include <string.h>
#include "abi/errno.h"
#include "fs/at.h"
#include "kernel/proc.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* A path's parent directory and last component, for the calls that make or remove names. */
struct parent {
	char *path;
	struct inode *dir;
	char name[NAME_MAX + 1];
	int slash;   /* the path ended in '/' */
};

static int get_parent(int64_t dirfd, uint64_t upath, struct parent *pa)
{
	int err = path_from_user(upath, &pa->path);

	if (err)
		return err;
	err = at_parent(dirfd, pa->path, &pa->dir, pa->name, &pa->slash);
	if (err)
		kfree(pa->path);
	return err;
}

static void put_parent(struct parent *pa)
{
	inode_put(pa->dir);
	kfree(pa->path);
}

long sys_mkdirat(uint64_t dirfd, uint64_t upath, uint64_t mode, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct parent pa;
	int err = get_parent((int64_t)dirfd, upath, &pa);

	if (err)
		return err;
	err = fs_mkdir(pa.dir, pa.name, (uint32_t)mode & 01777 & ~current_proc()->fs->umask);
	put_parent(&pa);
	return err;
}

long sys_unlinkat(uint64_t dirfd, uint64_t upath, uint64_t flags, uint64_t a3, uint64_t a4,
		  uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct parent pa;

	if (flags & ~(uint64_t)AT_REMOVEDIR)
		return -EINVAL;
	int err = get_parent((int64_t)dirfd, upath, &pa);
	if (err)
		return err;
	struct inode *ip = fs_lookup_child(pa.dir, pa.name);
	if (flags & AT_REMOVEDIR)
		err = pa.dir == fs_root() && !strcmp(pa.name, ".") && pa.path[0] == '/' ? -EBUSY :
		      fs_rmdir(pa.dir, pa.name);
	else if (pa.slash && ip && !S_ISDIR(ip->mode))
		err = -ENOTDIR;   /* "file/" names a directory that is not there */
	else
		err = fs_unlink(pa.dir, pa.name);
	inode_put(ip);
	put_parent(&pa);
	return err;
}

long sys_renameat2(uint64_t olddirfd, uint64_t uold, uint64_t newdirfd, uint64_t unew,
		   uint64_t flags, uint64_t a5)
{
	(void)a5;
	struct parent from, to;

	if (flags & ~(uint64_t)RENAME_NOREPLACE)
		return -EINVAL;
	int err = get_parent((int64_t)olddirfd, uold, &from);
	if (err)
		return err;
	err = get_parent((int64_t)newdirfd, unew, &to);
	if (err) {
		put_parent(&from);
		return err;
	}
	struct inode *ip = fs_lookup_child(from.dir, from.name);
	if ((from.slash || to.slash) && ip && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else
		err = fs_rename(from.dir, from.name, to.dir, to.name, flags & RENAME_NOREPLACE);
	inode_put(ip);
	put_parent(&to);
	put_parent(&from);
	return err;
}

long sys_linkat(uint64_t olddirfd, uint64_t uold, uint64_t newdirfd, uint64_t unew,
		uint64_t flags, uint64_t a5)
{
	(void)a5;
	struct inode *ip;
	struct parent to;

	if (flags & ~(uint64_t)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* linkat(2) does not follow a final symlink unless AT_SYMLINK_FOLLOW says so. */
	int err = at_lookup_flags((int64_t)olddirfd, uold, flags, 0, AT_SYMLINK_FOLLOW, &ip);
	if (err)
		return err;
	err = get_parent((int64_t)newdirfd, unew, &to);
	if (!err) {
		err = to.slash ? -ENOENT : fs_link(to.dir, to.name, ip);
		put_parent(&to);
	}
	inode_put(ip);
	return err;
}

long sys_symlinkat(uint64_t utarget, uint64_t newdirfd, uint64_t upath, uint64_t a3,
		   uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct parent pa;
	char *target;
	int err = path_from_user(utarget, &target);

	if (err)
		return err;
	err = get_parent((int64_t)newdirfd, upath, &pa);
	if (!err) {
		err = pa.slash ? -ENOENT : fs_symlink(pa.dir, pa.name, target);
		put_parent(&pa);
	}
	kfree(target);
	return err;
}

static void set_cwd(struct inode *ip)
{
	struct fs_info *fs = current_proc()->fs;

	spin_lock(&fs->lock);
	struct inode *old = fs->cwd;
	fs->cwd = ip;
	spin_unlock(&fs->lock);
	inode_put(old);
}

long sys_chdir(uint64_t upath, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct inode *ip;
	char *path;
	int err = path_from_user(upath, &path);

	if (err)
		return err;
	err = at_lookup(AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &ip);
	kfree(path);
	if (!err)
		set_cwd(ip);
	return err;
}

long sys_fchdir(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = S_ISDIR(f->ip->mode) ? 0 : -ENOTDIR;
	if (!r)
		set_cwd(inode_get(f->ip));
	file_put(f);
	return r;
}

/* The name dir has in its parent, or NULL. */
/* A mounted file system's root is named by the directory it is mounted on. */
static const char *name_in_parent(struct inode *dir)
{
	for (struct dirent_node *d = dir->parent->entries; d; d = d->next)
		if (d->inode == dir || d->inode->mounted == dir)
			return d->name;
	return NULL;
}

/* Builds the path from the end of a PATH_MAX buffer backwards, one parent at a time.
 * Returns the length with the NUL (what the system call returns), -ENOENT for a removed
 * directory, -ERANGE when size is too small (getcwd(2)). */
long sys_getcwd(uint64_t ubuf, uint64_t size, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	char *buf = kmalloc(PATH_MAX);
	struct inode *root = fs_root();
	long r;

	if (!buf)
		return -ENOMEM;
	size_t pos = PATH_MAX - 1;
	buf[pos] = '\0';
	struct inode *cwd = fs_info_cwd(current_proc()->fs), *dir = cwd;
	spin_lock(&fs_lock);   /* the names and parents; the user copy comes after */
	for (r = 0; dir != root && !r; dir = dir->parent) {
		const char *name = dir->parent ? name_in_parent(dir) : NULL;
		size_t len = name ? strlen(name) : 0;
		if (!name)
			r = -ENOENT;
		else if (len + 1 > pos)
			r = -ENAMETOOLONG;
		else {
			pos -= len;
			memcpy(buf + pos, name, len);
			buf[--pos] = '/';
		}
	}
	spin_unlock(&fs_lock);
	inode_put(cwd);
	if (!r && pos == PATH_MAX - 1)
		buf[--pos] = '/';
	if (!r) {
		size_t len = PATH_MAX - pos;
		r = len > size ? -ERANGE : copy_to_user(ubuf, buf + pos, len) ? -EFAULT : (long)len;
	}
	kfree(buf);
	return r;
}

long sys_umask(uint64_t mask, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct fs_info *fs = current_proc()->fs;

	spin_lock(&fs->lock);
	uint32_t old = fs->umask;
	fs->umask = (uint32_t)mask & 0777;
	spin_unlock(&fs->lock);
	return old;
}
