/* Open file descriptions and the operations of regular files and directories. */
#include <string.h>
#include "abi/errno.h"
#include "fs/file.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"

static int copy_out_user(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	return copy_to_user(b->addr + done, data, n) ? -EFAULT : 0;
}

static int copy_in_user(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	return copy_from_user(data, b->addr + done, n) ? -EFAULT : 0;
}

struct fs_buf user_buf_to(uint64_t ubuf) { return (struct fs_buf){ copy_out_user, ubuf }; }
struct fs_buf user_buf_from(uint64_t ubuf) { return (struct fs_buf){ copy_in_user, ubuf }; }

/* Reads and writes hold the file's I/O lock with the offset they move (fs/inode.h). */
long file_read_regular(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct fs_buf b = user_buf_to(ubuf);
	inode_lock_io(f->ip);
	long r = inode_read(f->ip, *off, n, &b);
	if (r > 0)
		*off += (uint64_t)r;
	inode_unlock_io(f->ip);
	return r;
}

void file_append_position(const struct file *f, uint64_t *off)
{
	if (f->flags & O_APPEND)
		*off = f->ip->size;
}

static long reg_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	struct fs_buf b = user_buf_from(ubuf);
	inode_lock_io(f->ip);
	file_append_position(f, off);
	long r = inode_write(f->ip, *off, n, &b);
	if (r > 0)
		*off += (uint64_t)r;
	inode_unlock_io(f->ip);
	return r;
}

static long reg_write_kernel(struct file *f, const void *buf, uint64_t n, uint64_t *off)
{
	inode_lock_io(f->ip);
	long r = kernel_write(f->ip, *off, buf, n);
	if (r > 0)
		*off += (uint64_t)r;
	inode_unlock_io(f->ip);
	return r;
}

static long dir_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return -EISDIR;
}

static const struct file_ops reg_ops = { .read = file_read_regular, .write = reg_write, .seekable = 1,
					  .write_kernel = reg_write_kernel };
static const struct file_ops dir_ops = { .read = dir_read, .seekable = 1 };
/* O_PATH descriptors and symlinks: a place in the tree, no I/O (open(2), O_PATH). */
static const struct file_ops path_ops = { .seekable = 0 };

struct file *file_alloc(struct inode *ip, int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refs = 1;
	f->ip = inode_get(ip);
	f->flags = flags;
	if (flags & O_PATH)
		f->ops = &path_ops;
	else if (ip->fops)
		f->ops = ip->fops;   /* a device, or a generated file (/proc) */
	else if (S_ISREG(ip->mode))
		f->ops = &reg_ops;
	else if (S_ISDIR(ip->mode))
		f->ops = &dir_ops;
	else
		f->ops = &path_ops;
	return f;
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	inode_put(f->ip);
	kfree(f);
}

long file_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	if (!file_readable(f))
		return -EBADF;
	if (!f->ops->read)
		return -EINVAL;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return n ? f->ops->read(f, ubuf, n, off) : 0;
}

long file_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	if (!file_writable(f))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return n ? f->ops->write(f, ubuf, n, off) : 0;
}
