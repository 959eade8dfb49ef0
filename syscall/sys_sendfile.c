/* sendfile(2): copies from a regular file to any file that takes kernel writes (a
 * regular file, a pipe, a /dev file, the console) through one kernel page, without the
 * data passing through user memory. Errors and their order as do_sendfile and
 * do_splice_direct give them. */
#include "abi/errno.h"
#include "fs/file.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

/* Moves up to n bytes from in at *pos to out: the count, or -errno if nothing moved. */
static long copy_file(struct file *out, struct file *in, uint64_t *pos, uint64_t n)
{
	char *buf = kmalloc(FS_PAGE_SIZE);
	uint64_t done = 0;
	long err = 0;

	if (!buf)
		return -ENOMEM;
	while (done < n) {
		uint64_t len = n - done < FS_PAGE_SIZE ? n - done : FS_PAGE_SIZE;
		inode_lock_io(in->ip);   /* not across the write: out may be the same file */
		long got = kernel_read(in->ip, *pos, buf, len);
		inode_unlock_io(in->ip);
		if (got <= 0) {
			err = got;
			break;
		}
		long put = out->ops->write_kernel(out, buf, (uint64_t)got, &out->off);
		if (put <= 0) {
			err = put;
			break;
		}
		*pos += (uint64_t)put;
		done += (uint64_t)put;
		if (put < got)
			break;
	}
	kfree(buf);
	return done ? (long)done : err;
}

/* Both files held. */
static long sendfile_between(struct file *out, struct file *in, int64_t off, uint64_t uoffset,
			     uint64_t count)
{
	if (!file_writable(out))
		return -EBADF;
	/* A generated file (/proc) keeps no pages to copy from: EINVAL, on which readers
	 * such as BusyBox's cat fall back to read and write. */
	if (!S_ISREG(in->ip->mode) || in->ip->fops || !out->ops->write_kernel ||
	    (out->flags & O_APPEND))
		return -EINVAL;   /* no splice_read, no splice_write, or appending */
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	uint64_t pos = (uint64_t)off;
	long r = count ? copy_file(out, in, &pos, count) : 0;
	if (r < 0)
		return r;
	if (!uoffset)
		in->off = pos;
	else if (copy_to_user(uoffset, &pos, sizeof(pos)))
		return -EFAULT;
	return r;
}

/* in is held; out is looked up after the offset is read, in Linux's order of errors. */
static long sendfile_from(struct file *in, uint64_t out_fd, uint64_t uoffset, uint64_t count)
{
	int64_t off;

	if (!file_readable(in))
		return -EBADF;
	if (uoffset) {
		if (copy_from_user(&off, uoffset, sizeof(off)))
			return -EFAULT;
		if (!in->ops->seekable)
			return -ESPIPE;
	} else {
		off = (int64_t)in->off;
	}
	if (off < 0)
		return -EINVAL;
	struct file *out = fget((int64_t)out_fd);
	if (!out)
		return -EBADF;
	long r = sendfile_between(out, in, off, uoffset, count);
	file_put(out);
	return r;
}

long sys_sendfile(uint64_t out_fd, uint64_t in_fd, uint64_t uoffset, uint64_t count,
		  uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	struct file *in = fget((int64_t)in_fd);

	if (!in)
		return -EBADF;
	long r = sendfile_from(in, out_fd, uoffset, count);
	file_put(in);
	return r;
}
