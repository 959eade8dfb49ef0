/* The initrd's cpio archive unpacked into the RAM file system, as Linux's
 * init/initramfs.c does: entries in archive order, a later one replacing an earlier file
 * of the same name. The file data is copied into the file system's own pages, so the
 * archive's pages can go back to the allocator afterwards; but where a file's data starts
 * on a page boundary (the project's archives are laid out so: tools/mkinitrd.py), its
 * pages become the file's own where they lie, its last partial page included (zeroed past
 * the file's end once the entries after it are unpacked). Copying the 4 MiB test archive
 * was most of boot. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "fs/initramfs.h"
#include "kernel/printk.h"
#include "lib/cpio.h"
#include "mm/kmalloc.h"

/* The archive's name as a path from the root ("./bin/sh" and "bin/sh" alike). */
static int entry_path(const struct cpio_file *e, char *path, size_t size)
{
	const char *name = e->name;
	size_t len = e->name_len;

	for (;;) {
		size_t skip = len >= 1 && name[0] == '/' ? 1 :
			      len >= 2 && name[0] == '.' && name[1] == '/' ? 2 : 0;
		if (!skip)
			break;
		name += skip;
		len -= skip;
	}
	if (len == 0 || (len == 1 && name[0] == '.') || len + 2 > size)
		return -ENOENT;   /* the archive's root, or too long */
	path[0] = '/';
	memcpy(path + 1, name, len);
	path[len + 1] = '\0';
	return 0;
}

/* Adding entries to a directory stamped it with the current time, so its mtime from the
 * archive is set once every entry is in, as Linux defers them (dir_utime in
 * init/initramfs.c): each directory entry is noted as it is made, and the notes are
 * applied in archive order, so a later entry for the same directory wins. */
struct dir_time {
	struct dir_time *next;
	struct inode *dir;
	int64_t mtime;
};

struct unpack {
	const struct initramfs_in_place *in_place;
	/* The directory the last entry went into, with a reference, and its path up to the
	 * last slash: an archive lists a directory's entries together (find | sort), so
	 * most entries skip the walk from the root. A name that did not exist was on no
	 * path the walk resolved, so only replacing a name can change where dir_path leads:
	 * that clears dir_len (no path matches), and the next walk lets dir go. */
	struct inode *dir;
	char *dir_path;
	size_t dir_len;
	struct dir_time *dirs, **last_dir;
	/* A file's last page, kept in place although it is partly file data: the rest of it
	 * still holds the entries that follow, and is zeroed once unpacking is past it. */
	struct inode *tail_file;
	char *tail_page;
	size_t tail_from;
};

/* Zeroes the kept last page beyond its file's end once the entry at next (or the end of
 * the archive, next NULL) lies past it. The reference on the file keeps the page alive
 * even if a later entry replaced the file meanwhile. */
static void finish_tail(struct unpack *u, const char *next)
{
	if (!u->tail_file || (next && next < u->tail_page + FS_PAGE_SIZE))
		return;
	memset(u->tail_page + u->tail_from, 0, FS_PAGE_SIZE - u->tail_from);
	inode_put(u->tail_file);
	u->tail_file = NULL;
}

static void note_dir_time(struct unpack *u, struct inode *dir, int64_t mtime)
{
	struct dir_time *t = kmalloc(sizeof(*t));

	if (!t)
		return;   /* out of memory: the directory keeps its unpacking time */
	*t = (struct dir_time){ NULL, inode_get(dir), mtime };
	*u->last_dir = t;
	u->last_dir = &t->next;
}

static void set_dir_times(struct unpack *u)
{
	while (u->dirs) {
		struct dir_time *t = u->dirs;
		if (S_ISDIR(t->dir->mode))
			t->dir->atime = t->dir->mtime = (struct fs_time){ t->mtime, 0 };
		inode_put(t->dir);
		u->dirs = t->next;
		kfree(t);
	}
}

static void forget_dir(struct unpack *u)
{
	inode_put(u->dir);
	u->dir = NULL;
}

/* The directory an entry goes into, and the entry's name in it. The reference is u's:
 * *dir stays until the next call (an inode_get and inode_put an entry, a taking of
 * fs_lock, saved). */
static int parent_dir(struct unpack *u, const char *path, struct inode **dir,
		      char name[NAME_MAX + 1])
{
	const char *last = strrchr(path, '/') + 1;   /* path starts with '/' */
	size_t dir_len = last - path, name_len = strlen(last);
	int trailing_slash, err;

	/* A name ending in '/' or too long goes the whole way, for its error. */
	if (u->dir && name_len && name_len <= NAME_MAX && dir_len == u->dir_len &&
	    memcmp(path, u->dir_path, dir_len) == 0) {
		memcpy(name, last, name_len + 1);
		*dir = u->dir;
		return 0;
	}
	struct inode *root = fs_root();
	if ((err = fs_lookup_parent(root, root, path, dir, name, &trailing_slash)))
		return err;
	forget_dir(u);
	u->dir = *dir;
	memcpy(u->dir_path, path, dir_len);
	u->dir_len = dir_len;
	return 0;
}

/* A regular file's data: in place where in_place allows (its last, partial page too,
 * zeroed past the end later: finish_tail), else copied. */
static int fill_file(struct inode *ip, const struct cpio_file *e, struct unpack *u)
{
	const struct initramfs_in_place *in_place = u->in_place;
	char *data = (char *)e->data;
	uint64_t off = 0;

	if (in_place && (uintptr_t)data % FS_PAGE_SIZE == 0 && data >= in_place->first) {
		/* The pages that start within both the file and [first, end). */
		uint64_t room = data < in_place->end ? (uint64_t)(in_place->end - data) : 0;
		uint64_t n = ((e->size < room ? e->size : room) + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE;
		if (inode_adopt_pages(ip, 0, data, n))
			return -ENOSPC;
		memset(in_place->taken + (data - in_place->first) / FS_PAGE_SIZE, 1, n);
		off = n * FS_PAGE_SIZE;
		if (off > e->size) {
			ip->size = e->size;
			u->tail_file = inode_get(ip);
			u->tail_page = data + off - FS_PAGE_SIZE;
			u->tail_from = e->size % FS_PAGE_SIZE;
			return 0;
		}
	}
	if (kernel_write(ip, off, data + off, e->size - off) != (long)(e->size - off))
		return -ENOSPC;
	return 0;
}

/* Makes the entry's inode under name in dir, with *ip a reference to it (or NULL for a
 * directory that was there already); -EEXIST if the name is taken. */
static int make_node(const struct cpio_file *e, struct inode *dir, const char *name,
		     struct unpack *u, struct inode **ip)
{
	uint32_t type = e->mode & S_IFMT;
	int err;

	*ip = NULL;
	if (type == S_IFDIR) {
		err = fs_mkdir(dir, name, e->mode);
		if (!err)
			*ip = fs_lookup_child(dir, name);
	} else if (type == S_IFREG) {
		err = fs_create(dir, name, e->mode, ip);
		if (!err)
			err = fill_file(*ip, e, u);
	} else if (type == S_IFLNK) {
		char *target = kmalloc(e->size + 1);
		err = -ENOSPC;
		if (target) {
			memcpy(target, e->data, e->size);
			target[e->size] = '\0';
			err = fs_symlink(dir, name, target);
			kfree(target);
		}
		if (!err)
			*ip = fs_lookup_child(dir, name);
	} else {
		err = 1;   /* not a kind this file system holds: skipped */
	}
	return err;
}

/* The name is made at once: a name already taken (rare: archives list each name once) is
 * then looked up, and unless both are directories the earlier one is replaced. Looking
 * every name up first cost a lookup and a taking of fs_lock an entry. */
static int make_entry(const struct cpio_file *e, const char *path, struct unpack *u)
{
	struct inode *dir, *ip;
	char name[NAME_MAX + 1];
	int err = parent_dir(u, path, &dir, name);

	if (err)
		return err;
	uint32_t type = e->mode & S_IFMT;
	err = make_node(e, dir, name, u, &ip);
	if (err == -EEXIST) {
		struct inode *old = fs_lookup_child(dir, name);
		if (old && S_ISDIR(old->mode) && type == S_IFDIR) {
			err = 0;
			ip = inode_get(old);
		} else {
			fs_unlink(dir, name);   /* a later entry replaces an earlier file */
			u->dir_len = 0;
			err = make_node(e, dir, name, u, &ip);
		}
		inode_put(old);
	}
	if (ip) {
		ip->mode = type | (e->mode & 07777);
		ip->atime = ip->mtime = ip->ctime = (struct fs_time){ (int64_t)e->mtime, 0 };
		if (type == S_IFDIR)
			note_dir_time(u, ip, (int64_t)e->mtime);
		inode_put(ip);
	}
	return err;
}

int initramfs_unpack(const void *archive, size_t size, const struct initramfs_in_place *in_place)
{
	struct cpio_file e;
	size_t offset = 0;
	char reason[80];
	char *path = kmalloc(2 * PATH_MAX);
	struct unpack u = { .in_place = in_place };
	int r, made = 0;

	if (!path)
		return -ENOMEM;
	u.dir_path = path + PATH_MAX;
	u.last_dir = &u.dirs;
	for (size_t at = 0;
	     (r = cpio_next(archive, size, &offset, &e, reason, sizeof(reason))) == 1;
	     at = offset) {
		finish_tail(&u, (const char *)archive + at);
		if (entry_path(&e, path, PATH_MAX))
			continue;
		int err = make_entry(&e, path, &u);
		if (err < 0)
			printk("initrd: %s: error %d\n", path, err);
		else if (err == 0)
			made++;
	}
	finish_tail(&u, NULL);
	forget_dir(&u);
	if (r < 0)
		printk("malformed initrd: %s\n", reason);
	set_dir_times(&u);
	kfree(path);
	return r < 0 ? r : made;
}
