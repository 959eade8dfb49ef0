/* Directories: a list of names in creation order (so getdents64 positions stay put while
 * nothing is removed). Each name counts in its inode's nlink; a subdirectory's ".." counts
 * in its parent's, and its own "." in its own, as on Linux.
 *
 * A directory of DIR_HASH_MIN names or more also has a hash table of them, as big as the
 * number of names rounded up to a power of two, so that a lookup - a miss included, as
 * for every name made - does not compare against every name: unpacking the initrd's
 * /bin, 80 names made one after another, cost a scan of all the names before each, twice
 * (the lookup, and appending at the end of the list, which the last_entry pointer now
 * saves). Without memory for a bigger table the smaller one stays: lookups still find
 * every name, down longer chains. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"

#define DIR_HASH_MIN 16

/* FNV-1a (32-bit). */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static struct dirent_node **bucket(struct inode *dir, uint32_t hash)
{
	return &dir->hash[hash & (dir->hash_buckets - 1)];
}

/* Rebuilds the table with n buckets; keeps the old one if there is no memory. */
static void rehash(struct inode *dir, uint32_t n)
{
	struct dirent_node **table = kzalloc(n * sizeof(*table));

	if (!table)
		return;
	kfree(dir->hash);
	dir->hash = table;
	dir->hash_buckets = n;
	for (struct dirent_node *d = dir->entries; d; d = d->next) {
		struct dirent_node **b = bucket(dir, d->hash);
		d->hash_next = *b;
		*b = d;
	}
}

static struct inode *lookup_unhashed(struct inode *dir, const char *name, size_t len)
{
	for (struct dirent_node *d = dir->entries; d; d = d->next)
		if (d->len == len && memcmp(d->name, name, len) == 0)
			return d->inode;
	return NULL;
}

static struct inode *lookup_hashed(struct inode *dir, const char *name, size_t len,
				   uint32_t hash)
{
	for (struct dirent_node *d = *bucket(dir, hash); d; d = d->hash_next)
		if (d->hash == hash && d->len == len && memcmp(d->name, name, len) == 0)
			return d->inode;
	return NULL;
}

struct inode *dir_lookup_plain(struct inode *dir, const char *name, size_t len)
{
	/* A small directory is searched without hashing the name: most lookups are in
	 * small directories, and hashing costs a few instructions a character. */
	if (!dir->hash)
		return lookup_unhashed(dir, name, len);
	return lookup_hashed(dir, name, len, name_hash(name, len));
}

struct inode *dir_lookup_to_add(struct inode *dir, const char *name, size_t len,
				uint32_t *hash)
{
	if (dir->revalidate)
		dir->revalidate(dir);
	*hash = name_hash(name, len);
	return dir->hash ? lookup_hashed(dir, name, len, *hash) : lookup_unhashed(dir, name, len);
}

struct inode *dir_lookup(struct inode *dir, const char *name, size_t len)
{
	if (dir->revalidate)
		dir->revalidate(dir);
	return dir_lookup_plain(dir, name, len);
}

int dir_add(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	return dir_add_hashed(dir, name, len, name_hash(name, len), ip);
}

int dir_add_hashed(struct inode *dir, const char *name, size_t len, uint32_t hash,
		   struct inode *ip)
{
	struct dirent_node *d = kmalloc(sizeof(*d) + len + 1);

	if (!d)
		return -ENOSPC;
	d->next = NULL;
	d->inode = ip;
	d->hash = hash;
	d->len = len;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	if (dir->last_entry)
		dir->last_entry->next = d;
	else
		dir->entries = d;
	dir->last_entry = d;
	if (dir->hash) {
		struct dirent_node **b = bucket(dir, d->hash);
		d->hash_next = *b;
		*b = d;
	}
	ip->nlink++;
	if (S_ISDIR(ip->mode)) {
		ip->nlink++;           /* its "." */
		ip->parent = dir;
		dir->nlink++;          /* its ".." */
	}
	dir->size++;
	if (dir->size >= DIR_HASH_MIN && dir->size > dir->hash_buckets)
		rehash(dir, dir->hash_buckets ? 2 * dir->hash_buckets : 2 * DIR_HASH_MIN);
	ip->ctime = dir->mtime = dir->ctime = fs_now();
	return 0;
}

/* Takes d out of its bucket's chain. */
static void unhash(struct inode *dir, struct dirent_node *d)
{
	struct dirent_node **pp = bucket(dir, d->hash);

	while (*pp != d)
		pp = &(*pp)->hash_next;
	*pp = d->hash_next;
}

void dir_remove(struct inode *dir, const char *name, size_t len)
{
	struct dirent_node *prev = NULL;

	for (struct dirent_node **pp = &dir->entries; *pp; prev = *pp, pp = &(*pp)->next) {
		struct dirent_node *d = *pp;
		if (d->len != len || memcmp(d->name, name, len) != 0)
			continue;
		struct inode *ip = d->inode;
		*pp = d->next;
		if (dir->last_entry == d)
			dir->last_entry = prev;
		if (dir->hash)
			unhash(dir, d);
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
