/* Directories: a list of names in creation order (so getdents64 positions stay put while
 * nothing is removed). Each name counts in its inode's nlink; a subdirectory's ".." counts
 * in its parent's, and its own "." in its own, as on Linux. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"

struct inode *dir_lookup_plain(struct inode *dir, const char *name, size_t len)
{
	for (struct dirent_node *d = dir->entries; d; d = d->next)
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d->inode;
	return NULL;
}

struct inode *dir_lookup(struct inode *dir, const char *name, size_t len)
{
	if (dir->revalidate)
		dir->revalidate(dir);
	return dir_lookup_plain(dir, name, len);
}

int dir_add(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	struct dirent_node *d = kmalloc(sizeof(*d) + len + 1);
	struct dirent_node **tail = &dir->entries;

	if (!d)
		return -ENOSPC;
	d->next = NULL;
	d->inode = ip;
	d->len = len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	while (*tail)
		tail = &(*tail)->next;
	*tail = d;
	ip->nlink++;
	if (S_ISDIR(ip->mode)) {
		ip->nlink++;           /* its "." */
		ip->parent = dir;
		dir->nlink++;          /* its ".." */
	}
	dir->size++;
	ip->ctime = dir->mtime = dir->ctime = fs_now();
	return 0;
}

void dir_remove(struct inode *dir, const char *name, size_t len)
{
	for (struct dirent_node **pp = &dir->entries; *pp; pp = &(*pp)->next) {
		struct dirent_node *d = *pp;
		if (d->len != len || memcmp(d->name, name, len) != 0)
			continue;
		struct inode *ip = d->inode;
		*pp = d->next;
		kfree(d);
		dir->size--;
		dir->mtime = dir->ctime = ip->ctime = fs_now();
		if (S_ISDIR(ip->mode)) {
			dir->nlink--;      /* its ".." */
			ip->nlink -= 2;    /* the name and its "." (rename added a name first) */
			if (!ip->nlink)
				ip->parent = NULL;   /* ".." of a removed directory finds nothing */
		} else {
			ip->nlink--;
		}
		/* Freed now unless someone still uses it (an open file, a cwd). */
		inode_put_locked(inode_get(ip));
		return;
	}
}

struct dirent_node *dir_entry_at(struct inode *dir, uint64_t pos)
{
	if (pos == 0 && dir->revalidate)
		dir->revalidate(dir);
	struct dirent_node *d = dir->entries;

	while (d && pos--)
		d = d->next;
	return d;
}

int dir_is_empty(struct inode *dir) { return dir->entries == NULL; }
