/* The descriptor table: close(2), dup(2), dup3(2), fcntl(2) and pipe2(2). */
#include "abi/errno.h"
#include "fs/file.h"
#include "fs/memfd.h"
#include "fs/pipe.h"
#include "kernel/proc.h"
#include "syscall/syscall.h"
#include "mm/usercopy.h"

/* The status flags F_SETFL may change (fcntl(2)); the access mode and creation flags
 * stay as open set them. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

long sys_close(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return fd_close((int64_t)fd);
}

long sys_dup(uint64_t fd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);
	return f ? fd_install(f, 0, 0) : -EBADF;   /* fget's reference goes to the new fd */
}

long sys_dup3(uint64_t oldfd, uint64_t newfd, uint64_t flags, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	/* Linux's order (ksys_dup3): flags, the same number, then either descriptor. */
	if (flags & ~(uint64_t)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if ((int64_t)newfd < 0 || newfd >= (uint64_t)rlimit_nofile())
		return -EBADF;
	struct file *f = fget((int64_t)oldfd);
	if (!f)
		return -EBADF;
	fd_install_at(f, (int)newfd, (flags & O_CLOEXEC) != 0);   /* takes fget's reference */
	return (long)newfd;
}

static long fcntl_file(struct file *f, uint64_t fd, uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (uint64_t)rlimit_nofile())
			return -EINVAL;
		return fd_install(file_get(f), (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_get_cloexec((int)fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec((int)fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags & ~O_CLOEXEC;
	case F_SETFL:
		if (f->flags & O_PATH)
			return -EBADF;
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	case F_ADD_SEALS:
		return memfd_add_seals(f, arg);
	case F_GET_SEALS:
		return memfd_get_seals(f);
	case F_GETPIPE_SZ:
		/* A pipe's capacity, which is fixed; not a pipe: EBADF (pipe_fcntl). */
		return pipe_nread(f) < 0 ? -EBADF : PIPE_SIZE;
	default:
		return -EINVAL;
	}
}

long sys_fcntl(uint64_t fd, uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f = fget((int64_t)fd);

	if (!f)
		return -EBADF;
	long r = fcntl_file(f, fd, cmd, arg);
	file_put(f);
	return r;
}

long sys_pipe2(uint64_t ufds, uint64_t flags, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *rd, *wr;

	if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	int err = pipe_create((int)flags, &rd, &wr);
	if (err)
		return err;
	int fds[2];
	fds[0] = fd_install(rd, 0, (flags & O_CLOEXEC) != 0);
	if (fds[0] < 0) {
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(wr, 0, (flags & O_CLOEXEC) != 0);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}
