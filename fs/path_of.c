/* A name for an inode, for /proc/PID/maps: a file has no parent pointer (hard links give
 * it several names, or none once unlinked), so the tree is searched from the root for the
 * first entry that names it, as Linux would print the path of the dentry it was opened
 * through. The search is depth-first over the RAM file system (mounted file systems such
 * as /proc hold nothing worth mapping) and bounded by PATH_MAX. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"

/* Looks for ip below dir, whose path is buf[0, len); on success buf holds ip's path. */
static int search(struct inode *dir, struct inode *ip, char *buf, size_t len, size_t size)
{
	for (struct dirent_node *d = dir->entries; d; d = d->next) {
		if (len + 1 + d->len + 1 > size)
			continue;
		buf[len] = '/';
		memcpy(buf + len + 1, d->name, d->len + 1);
		if (d->inode == ip)
			return 1;
		if (S_ISDIR(d->inode->mode) && !d->inode->mounted &&
		    search(d->inode, ip, buf, len + 1 + d->len, size))
			return 1;
	}
	return 0;
}

int fs_path_of(struct inode *ip, char *buf, size_t size)
{
	spin_lock(&fs_lock);
	int found = size > 1 && search(fs_root(), ip, buf, 0, size);
	spin_unlock(&fs_lock);
	return found ? 0 : -ENOENT;
}
