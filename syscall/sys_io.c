/* Reading and writing open files: read(2), write(2), readv/writev(2), pread/pwrite(2),
 * lseek(2) and ioctl(2). Each goes through the file's operations (fs/file.h). */
#include "abi/errno.h"
#include "abi/ioctl.h"
#include "abi/uio.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "syscall/syscall.h"
#include "mm/usercopy.h"

long sys_read(uint64_t fd, uint64_t buf, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);
	if (!f)
		return -EBADF;
	long r = file_read(f, buf, count, &f->off);
	file_put(f);
	return r;
}

long sys_write(uint64_t fd, uint64_t buf, uint64_t count, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);
	if (!f)
		return -EBADF;
	long r = file_write(f, buf, count, &f->off);
	file_put(f);
	return r;
}

/* pread/pwrite: at offset, leaving the file's own offset alone; not on pipes or terminals
 * (ESPIPE), nor at a negative offset (EINVAL). */
static long positioned_file(struct file *f, uint64_t buf, uint64_t count, int64_t off,
			    int write)
{
	uint64_t pos = (uint64_t)off;

	if (!f->ops->seekable && !(f->flags & O_PATH))
		return -ESPIPE;
	if (off < 0)
		return -EINVAL;
	return write ? file_write(f, buf, count, &pos) : file_read(f, buf, count, &pos);
}

static long positioned(uint64_t fd, uint64_t buf, uint64_t count, int64_t off, int write)
{
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = positioned_file(f, buf, count, off, write);
	file_put(f);
	return r;
}

long sys_pread64(uint64_t fd, uint64_t buf, uint64_t count, uint64_t off, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	return positioned(fd, buf, count, (int64_t)off, 0);
}

long sys_pwrite64(uint64_t fd, uint64_t buf, uint64_t count, uint64_t off, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	return positioned(fd, buf, count, (int64_t)off, 1);
}

/* readv/writev: each buffer in turn, stopping at the first short transfer (readv(2)). */
static long vectored_file(struct file *f, uint64_t iov, uint64_t iovcnt, int write)
{
	long total = 0;

	if (iovcnt > IOV_MAX)
		return -EINVAL;
	if (write ? !file_writable(f) : !file_readable(f))
		return -EBADF;
	for (uint64_t i = 0; i < iovcnt; i++) {
		struct iovec vec;
		if (copy_from_user(&vec, iov + i * sizeof(vec), sizeof(vec)))
			return total ? total : -EFAULT;
		if ((int64_t)vec.iov_len < 0)
			return total ? total : -EINVAL;
		long n = write ? file_write(f, (uint64_t)vec.iov_base, vec.iov_len, &f->off) :
				 file_read(f, (uint64_t)vec.iov_base, vec.iov_len, &f->off);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((uint64_t)n < vec.iov_len)
			break;
	}
	return total;
}

static long vectored(uint64_t fd, uint64_t iov, uint64_t iovcnt, int write)
{
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = vectored_file(f, iov, iovcnt, write);
	file_put(f);
	return r;
}

long sys_readv(uint64_t fd, uint64_t iov, uint64_t iovcnt, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return vectored(fd, iov, iovcnt, 0);
}

long sys_writev(uint64_t fd, uint64_t iov, uint64_t iovcnt, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	return vectored(fd, iov, iovcnt, 1);
}

/* SEEK_DATA and SEEK_HOLE (lseek(2)): a negative offset is ENXIO too. */
static long seek_data(struct file *f, int64_t offset, int hole)
{
	inode_lock_io(f->ip);
	int64_t at = offset < 0 ? -ENXIO : inode_seek_data(f->ip, (uint64_t)offset, hole);

	if (at >= 0)
		f->off = (uint64_t)at;
	inode_unlock_io(f->ip);
	return at;
}

static long lseek_file(struct file *f, uint64_t offset, uint64_t whence)
{
	int64_t base;

	if (f->flags & O_PATH)
		return -EBADF;
	if (!f->ops->seekable)
		return -ESPIPE;
	if (S_ISCHR(f->ip->mode))
		return 0;   /* null, zero, full: every seek succeeds and means nothing */
	if (whence == SEEK_SET)
		base = 0;
	else if (whence == SEEK_CUR)
		base = (int64_t)f->off;
	else if (whence == SEEK_END)
		base = S_ISREG(f->ip->mode) ? (int64_t)f->ip->size : 0;
	else if ((whence == SEEK_DATA || whence == SEEK_HOLE) && S_ISREG(f->ip->mode))
		return seek_data(f, (int64_t)offset, whence == SEEK_HOLE);
	else
		return -EINVAL;
	int64_t pos;
	if (__builtin_add_overflow(base, (int64_t)offset, &pos))
		return -EOVERFLOW;
	if (pos < 0)
		return -EINVAL;
	f->off = (uint64_t)pos;
	return pos;
}

long sys_lseek(uint64_t fd, uint64_t offset, uint64_t whence, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = lseek_file(f, offset, whence);
	file_put(f);
	return r;
}

/* FIOCLEX, FIONCLEX and FIONBIO on any file (do_vfs_ioctl), then the file's own ioctl (a
 * terminal's, tty/ioctl.c), else FIONREAD on pipes and regular files (ioctl_fionread(2))
 * and ENOTTY for everything else. */
static long ioctl_file(struct file *f, uint64_t fd, uint64_t request, uint64_t arg)
{
	int on;

	if (f->flags & O_PATH)
		return -EBADF;
	switch (request) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec((int)fd, request == FIOCLEX);
		return 0;
	case FIONBIO:
		if (copy_from_user(&on, arg, sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	default:
		break;
	}
	if (f->ops->ioctl)
		return f->ops->ioctl(f, request, arg);
	if (request != FIONREAD)
		return -ENOTTY;
	long n = S_ISREG(f->ip->mode) ? (f->off < f->ip->size ? (long)(f->ip->size - f->off) : 0) :
				     pipe_nread(f);
	if (n < 0)
		return n;
	int count = n > 0x7fffffff ? 0x7fffffff : (int)n;
	return copy_to_user(arg, &count, sizeof(count)) ? -EFAULT : 0;
}

long sys_ioctl(uint64_t fd, uint64_t request, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = ioctl_file(f, fd, request, arg);
	file_put(f);
	return r;
}
