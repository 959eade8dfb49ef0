/* Inodes and the data of regular files, kept in whole pages: a file of n bytes holds
 * ceil(n / 4096) pages at most (fewer with holes), and every page goes back when the file
 * shrinks or its last name and user are gone (as tmpfs does: mm/shmem.c). */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"

/* RAMFS_MAGIC (include/uapi/linux/magic.h); device 1. */
const struct fs_sb ramfs_sb = { 1, 0x858458f6, "ramfs", 0, 0 };

struct spinlock fs_lock = SPINLOCK_INIT("fs");
static const struct fs_env *env;
static struct inode *root;
static uint64_t next_ino = 1;
static long inodes_alive;

/* Pages of file data held now (/proc/meminfo's Cached); atomic, as files on several
 * harts change it under their own locks. */
static uint64_t pages_held;

static void count_page(struct inode *ip, int n)
{
	__atomic_add_fetch(&pages_held, (uint64_t)(int64_t)n, __ATOMIC_RELAXED);
	ip->pages_present += n;
}

/* Every page of file data comes and goes through these two, which keep the global count
 * and the inode's own (st_blocks) exact; ip->lock held (or ip unreachable). */
static void *data_page_alloc(struct inode *ip, int zeroed)
{
	void *page = env->page_alloc(zeroed);
	if (page)
		count_page(ip, 1);
	return page;
}

static void data_page_free(struct inode *ip, void *page)
{
	env->page_free(page);
	count_page(ip, -1);
}

uint64_t fs_page_count(void) { return __atomic_load_n(&pages_held, __ATOMIC_RELAXED); }

struct fs_time fs_now(void) { return (struct fs_time){ env->now(), 0 }; }

struct inode *inode_alloc(uint32_t mode)
{
	spin_lock(&fs_lock);
	struct inode *ip = inode_alloc_locked(mode);
	spin_unlock(&fs_lock);
	return ip;
}

struct inode *inode_alloc_locked(uint32_t mode)
{
	struct inode *ip = kzalloc(sizeof(*ip));

	if (!ip)
		return NULL;
	ip->mode = mode;
	ip->refs = 1;
	ip->ino = next_ino++;
	ip->sb = &ramfs_sb;
	ip->lock = (struct spinlock)SPINLOCK_INIT("inode");
	ip->io = (struct sleeplock)SLEEPLOCK_INIT("inode io");
	ip->atime = ip->mtime = ip->ctime = fs_now();
	inodes_alive++;
	return ip;
}

void fs_init(const struct fs_env *e)
{
	env = e;
	root = inode_alloc_locked(S_IFDIR | 0755);
	if (!root)
		return;
	root->nlink = 2;
	root->parent = root;   /* "/.." is "/" */
}

struct inode *fs_root(void) { return root; }

long fs_inode_count(void) { return inodes_alive; }

/* ip->lock held, or nobody else can reach ip (its last put). */
static void free_pages_from(struct inode *ip, uint64_t first)
{
	for (uint64_t i = first; i < ip->npages; i++) {
		if (ip->pages[i])
			data_page_free(ip, ip->pages[i]);
		ip->pages[i] = NULL;
	}
}

void inode_put(struct inode *ip)
{
	if (!ip)
		return;
	spin_lock(&fs_lock);
	inode_put_locked(ip);
	spin_unlock(&fs_lock);
}

void inode_put_locked(struct inode *ip)
{
	if (!ip || __atomic_sub_fetch(&ip->refs, 1, __ATOMIC_RELAXED) > 0 || ip->nlink > 0)
		return;
	free_pages_from(ip, 0);
	kfree(ip->pages);
	kfree(ip->target);
	kfree(ip->memfd);
	kfree(ip->hash);
	inodes_alive--;
	kfree(ip);
}

/* Makes room for page index i in pages[], doubling the table; ip->lock held. */
static int reserve_slot(struct inode *ip, uint64_t i)
{
	if (i < ip->npages)
		return 0;
	uint64_t n = ip->npages ? ip->npages : 4;
	while (n <= i)
		n *= 2;
	void **pages = kzalloc(n * sizeof(void *));
	if (!pages)
		return -ENOSPC;
	if (ip->npages)
		memcpy(pages, ip->pages, ip->npages * sizeof(void *));
	kfree(ip->pages);
	ip->pages = pages;
	ip->npages = n;
	return 0;
}

int inode_adopt_pages(struct inode *ip, uint64_t index, char *pages, uint64_t n)
{
	int err = 0;

	spin_lock(&ip->lock);
	/* Only the slots the table had already can be taken: those reserve_slot adds are
	 * empty (a file unpacked at boot has none, and its 20 pages on average were each
	 * checked). */
	uint64_t had = ip->npages;
	if (n && (err = reserve_slot(ip, index + n - 1)) == 0 && index < had) {
		uint64_t stop = index + n < had ? index + n : had;
		void **slot = &ip->pages[index], **end = &ip->pages[stop];
		for (; slot < end && !err; slot++)
			if (*slot)
				err = -EEXIST;
	}
	if (n && !err) {
		void **slot = &ip->pages[index], **end = slot + n;
		for (; slot < end; slot++, pages += FS_PAGE_SIZE)
			*slot = pages;
		count_page(ip, (int)n);
		if ((index + n) * FS_PAGE_SIZE > ip->size)
			ip->size = (index + n) * FS_PAGE_SIZE;
	}
	spin_unlock(&ip->lock);
	return err;
}

/* Page i of ip, or NULL for a hole. The page stays while the caller holds ip->io (only
 * truncation, which takes it, frees pages of a file in use). */
static char *page_at(struct inode *ip, uint64_t i)
{
	spin_lock(&ip->lock);
	char *page = i < ip->npages ? ip->pages[i] : NULL;
	spin_unlock(&ip->lock);
	return page;
}

long inode_read(struct inode *ip, uint64_t off, uint64_t n, const struct fs_buf *to)
{
	static const char zeros[FS_PAGE_SIZE];
	uint64_t done = 0;

	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = ip->size - off;
	while (done < n) {
		uint64_t pos = off + done, i = pos / FS_PAGE_SIZE, in = pos % FS_PAGE_SIZE;
		uint64_t len = FS_PAGE_SIZE - in < n - done ? FS_PAGE_SIZE - in : n - done;
		char *page = page_at(ip, i);
		if (to->copy(to, page ? page + in : (char *)zeros + in, done, len))
			return done ? (long)done : -EFAULT;
		done += len;
	}
	return (long)done;
}

long inode_write(struct inode *ip, uint64_t off, uint64_t n, const struct fs_buf *from)
{
	uint64_t done = 0;
	int err = 0;

	if (off >= FS_MAX_FILE_SIZE)
		return n ? -EFBIG : 0;
	if (n > FS_MAX_FILE_SIZE - off)
		n = FS_MAX_FILE_SIZE - off;
	while (done < n) {
		uint64_t pos = off + done, i = pos / FS_PAGE_SIZE, in = pos % FS_PAGE_SIZE;
		uint64_t len = FS_PAGE_SIZE - in < n - done ? FS_PAGE_SIZE - in : n - done;
		/* A new page the write fills whole need not be zeroed first (the initrd's files
		 * at boot); if the copy then fails, it goes back rather than show old data. */
		int fresh = 0;
		char *page = NULL;
		spin_lock(&ip->lock);
		if (!(err = reserve_slot(ip, i))) {
			fresh = !ip->pages[i];
			if (fresh)
				ip->pages[i] = data_page_alloc(ip, len < FS_PAGE_SIZE);
			if (!(page = ip->pages[i]))
				err = -ENOSPC;
		}
		spin_unlock(&ip->lock);
		if (err)
			break;
		if ((err = from->copy(from, page + in, done, len))) {
			if (fresh && len == FS_PAGE_SIZE) {
				spin_lock(&ip->lock);
				ip->pages[i] = NULL;
				data_page_free(ip, page);
				spin_unlock(&ip->lock);
			}
			break;
		}
		done += len;
		spin_lock(&ip->lock);
		if (off + done > ip->size)
			ip->size = off + done;
		spin_unlock(&ip->lock);
	}
	if (done)
		ip->mtime = ip->ctime = fs_now();
	return done ? (long)done : err;
}

static int copy_out_kernel(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	memcpy((char *)(uintptr_t)b->addr + done, data, n);
	return 0;
}

static int copy_in_kernel(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	memcpy(data, (const char *)(uintptr_t)b->addr + done, n);
	return 0;
}

long kernel_read(struct inode *ip, uint64_t off, void *dst, uint64_t n)
{
	struct fs_buf b = { copy_out_kernel, (uint64_t)(uintptr_t)dst };
	return inode_read(ip, off, n, &b);
}

struct fs_buf kernel_buf_from(const void *src)
{
	return (struct fs_buf){ copy_in_kernel, (uint64_t)(uintptr_t)src };
}

long kernel_write(struct inode *ip, uint64_t off, const void *src, uint64_t n)
{
	struct fs_buf b = kernel_buf_from(src);
	return inode_write(ip, off, n, &b);
}

int inode_page_locked(struct inode *ip, uint64_t index, void **page)
{
	int err = index >= (ip->size + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE ? -ENXIO :
		  reserve_slot(ip, index);
	if (!err && !ip->pages[index] && !(ip->pages[index] = data_page_alloc(ip, 1)))
		err = -ENOSPC;
	if (!err)
		*page = ip->pages[index];
	return err;
}

int inode_truncate(struct inode *ip, uint64_t size)
{
	if (size > FS_MAX_FILE_SIZE)
		return -EFBIG;
	uint64_t keep = (size + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE;
	/* Linux's truncate_pagecache: whole pages past the end leave every mapping, private
	 * copies included, so a later access there is SIGBUS. (Outside ip->lock, which the
	 * fault path takes under the address-space locks this takes.) */
	if (size < ip->size && ip->mapping && env->unmap_pages)
		env->unmap_pages(ip, keep);
	spin_lock(&ip->lock);
	if (size < ip->size) {
		free_pages_from(ip, keep);
		uint64_t in = size % FS_PAGE_SIZE;
		if (in && keep - 1 < ip->npages && ip->pages[keep - 1])
			memset((char *)ip->pages[keep - 1] + in, 0, FS_PAGE_SIZE - in);
	}
	ip->size = size;   /* growing leaves a hole: no pages until written */
	spin_unlock(&ip->lock);
	ip->mtime = ip->ctime = fs_now();
	return 0;
}

int64_t inode_seek_data(struct inode *ip, uint64_t off, int hole)
{
	if (off >= ip->size)
		return -ENXIO;
	for (uint64_t i = off / FS_PAGE_SIZE; i * FS_PAGE_SIZE < ip->size; i++) {
		int present = page_at(ip, i) != NULL;
		if (present != hole) {
			uint64_t at = i * FS_PAGE_SIZE > off ? i * FS_PAGE_SIZE : off;
			return (int64_t)(at < ip->size ? at : ip->size);
		}
	}
	return hole ? (int64_t)ip->size : -ENXIO;
}
