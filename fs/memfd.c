/* memfd_create(2) files and their seals (Linux mm/memfd.c and shmem). A memfd is a
 * regular file of the RAM file system that is linked nowhere: it lives while a
 * descriptor or a mapping holds it. Its operations are the regular file's, with the
 * seals checked: F_SEAL_WRITE and F_SEAL_FUTURE_WRITE stop writes (EPERM), F_SEAL_GROW
 * writes past the end, F_SEAL_SHRINK and F_SEAL_GROW an ftruncate that would shrink or
 * grow it; F_SEAL_WRITE cannot be added while a writable shared mapping exists (EBUSY,
 * as Linux's mapping_deny_writable; here: while the file is mapped at all, since the
 * mappings' protections are not counted per file). */
#include <string.h>
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "fs/file.h"
#include "fs/memfd.h"
#include "mm/kmalloc.h"

#define ALL_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)
#define WRITE_SEALS (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

static int write_allowed(struct inode *ip, uint64_t off, uint64_t n)
{
	uint32_t seals = ip->memfd->seals;

	if ((seals & WRITE_SEALS) || ((seals & F_SEAL_GROW) && off + n > ip->size))
		return -EPERM;
	return 0;
}

static long memfd_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct fs_buf b = user_buf_from(ubuf);
	inode_lock_io(f->ip);
	file_append_position(f, off);
	long r = write_allowed(f->ip, *off, n);

	if (!r)
		r = inode_write(f->ip, *off, n, &b);
	if (r > 0)
		*off += (uint64_t)r;
	inode_unlock_io(f->ip);
	return r;
}

static long memfd_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	inode_lock_io(f->ip);
	long r = write_allowed(f->ip, *off, n);

	if (!r)
		r = kernel_write(f->ip, *off, buf, n);
	if (r > 0)
		*off += (uint64_t)r;
	inode_unlock_io(f->ip);
	return r;
}

static const struct file_ops memfd_ops = {
	.read = file_read_regular, .write = memfd_write, .seekable = 1,
	.write_kernel = memfd_write_kernel,
};

/* Mode 0777 as shmem_file_setup gives it; no links, so the last reference frees it. */
struct file *memfd_create(const char *name, unsigned flags)
{
	struct memfd *m = kzalloc(sizeof(*m));
	struct inode *ip = m ? inode_alloc(S_IFREG | 0777) : NULL;

	if (!ip) {
		kfree(m);
		return NULL;
	}
	memcpy(m->name, "memfd:", 6);
	memcpy(m->name + 6, name, strlen(name) + 1);
	m->seals = flags & MFD_ALLOW_SEALING ? 0 : F_SEAL_SEAL;
	ip->memfd = m;
	ip->fops = &memfd_ops;
	struct file *f = file_alloc(ip, O_RDWR);
	inode_put(ip);   /* the file holds it */
	return f;
}

long memfd_get_seals(struct file *f)
{
	return f->ip->memfd ? (long)f->ip->memfd->seals : -EINVAL;
}

long memfd_add_seals(struct file *f, uint64_t seals)
{
	struct memfd *m = f->ip->memfd;

	if (!m)
		return -EINVAL;
	if (!file_writable(f))
		return -EPERM;
	if (seals & ~(uint64_t)ALL_SEALS)
		return -EINVAL;
	if (m->seals & F_SEAL_SEAL)
		return -EPERM;
	if ((seals & F_SEAL_WRITE) && !(m->seals & F_SEAL_WRITE) && f->ip->mapping)
		return -EBUSY;
	m->seals |= (uint32_t)seals;
	return 0;
}

int memfd_check_resize(struct inode *ip, uint64_t size)
{
	uint32_t seals = ip->memfd ? ip->memfd->seals : 0;

	if ((size < ip->size && (seals & F_SEAL_SHRINK)) ||
	    (size > ip->size && (seals & F_SEAL_GROW)))
		return -EPERM;
	return 0;
}

int memfd_check_map_write(struct inode *ip)
{
	return ip->memfd && (ip->memfd->seals & WRITE_SEALS) ? -EPERM : 0;
}
