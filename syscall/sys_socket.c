/* The socket calls for AF_UNIX socket pairs (fs/unix_socket.c): socketpair(2),
 * sendto(2)/recvfrom(2) without addresses, sendmsg(2)/recvmsg(2) without control
 * messages, shutdown(2). Errors as Linux's net/socket.c and af_unix.c give them:
 *   socketpair: EAFNOSUPPORT for any family but AF_UNIX (no other exists here);
 *     EINVAL for flags other than SOCK_NONBLOCK and SOCK_CLOEXEC or a type >= SOCK_MAX;
 *     ESOCKTNOSUPPORT for a type AF_UNIX does not have (SOCK_RAW is SOCK_DGRAM);
 *     EPROTONOSUPPORT for a protocol other than 0 or PF_UNIX; EFAULT.
 *   every call on a descriptor that is no socket: ENOTSOCK (EBADF if not open).
 *   sendto with an address: EISCONN on a stream (connected), ignored on seqpacket;
 *     a datagram end cannot be given another destination: named sockets do not exist
 *     here, so EOPNOTSUPP (Linux would look the name up).
 *   recvfrom/recvmsg name the sender with a length of 0 (an unbound peer).
 *   sendmsg with control data (SCM_RIGHTS, SCM_CREDENTIALS): EOPNOTSUPP, passing
 *     descriptors or credentials is not done; recvmsg returns no control data.
 *   more than 1024 iovecs: EMSGSIZE; lengths adding past 2^63: EINVAL. */
#include "abi/errno.h"
#include "abi/socket.h"
#include "abi/uio.h"
#include "fs/file.h"
#include "fs/unix_socket.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"
#include "syscall/syscall.h"

#define SOCKADDR_MAX 128   /* sizeof(struct sockaddr_storage) */

long sys_socketpair(uint64_t domain, uint64_t type, uint64_t protocol, uint64_t usv,
		    uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	int base = (int)(type & SOCK_TYPE_MASK), flags = (int)(type & ~(uint64_t)SOCK_TYPE_MASK);
	struct file *a, *b;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (domain != AF_UNIX)
		return -EAFNOSUPPORT;
	if (base >= SOCK_MAX)
		return -EINVAL;
	if (base == SOCK_RAW)
		base = SOCK_DGRAM;
	if (base != SOCK_STREAM && base != SOCK_DGRAM && base != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	int err = unix_pair_create(base, flags & SOCK_NONBLOCK, &a, &b);
	if (err)
		return err;
	int cloexec = (flags & SOCK_CLOEXEC) != 0, fds[2];
	fds[0] = fd_install(a, 0, cloexec);
	if (fds[0] < 0) {
		file_put(b);
		return fds[0];
	}
	fds[1] = fd_install(b, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		return fds[1];
	}
	if (copy_to_user(usv, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

/* The socket at fd with a reference (fget) the caller puts, or -errno and none. */
static long socket_of(uint64_t fd, struct file **f)
{
	*f = fget((int64_t)fd);
	if (!*f)
		return -EBADF;
	if (unix_is_socket(*f))
		return 0;
	file_put(*f);
	return -ENOTSOCK;
}

/* A destination given to a send on a connected pair. */
static long send_address(struct file *f, uint64_t addr, uint64_t addrlen)
{
	if (!addr || !addrlen)
		return 0;
	if (addrlen > SOCKADDR_MAX)
		return -EINVAL;
	switch (unix_type(f)) {
	case SOCK_STREAM: return -EISCONN;
	case SOCK_SEQPACKET: return 0;
	default: return -EOPNOTSUPP;
	}
}

/* The sender's address for recvfrom/recvmsg: an unbound peer's, of length 0. */
static long no_address(uint64_t ulen)
{
	int len, zero = 0;

	if (copy_from_user(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	return copy_to_user(ulen, &zero, sizeof(zero)) ? -EFAULT : 0;
}

long sys_sendto(uint64_t fd, uint64_t ubuf, uint64_t len, uint64_t flags, uint64_t addr,
		uint64_t addrlen)
{
	struct file *f;
	struct iovec iov = { (void *)ubuf, len };
	struct unix_io io = { &iov, 1, NULL };
	long err = socket_of(fd, &f);

	if (err)
		return err;
	if (!(err = send_address(f, addr, addrlen)))
		err = user_range_ok(ubuf, len) ? unix_send(f, &io, len, (int)flags) : -EFAULT;
	file_put(f);
	return err;
}

long sys_recvfrom(uint64_t fd, uint64_t ubuf, uint64_t len, uint64_t flags, uint64_t addr,
		  uint64_t ulen)
{
	struct file *f;
	struct iovec iov = { (void *)ubuf, len };
	struct unix_io io = { &iov, 1, NULL };
	int truncated;
	long err = socket_of(fd, &f);

	if (err)
		return err;
	long n = user_range_ok(ubuf, len) ? unix_recv(f, &io, len, (int)flags, &truncated) :
					    -EFAULT;
	file_put(f);
	if (n >= 0 && addr && ulen && (err = no_address(ulen)))
		return err;
	return n;
}

long sys_shutdown(uint64_t fd, uint64_t how, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	struct file *f;
	long err = socket_of(fd, &f);

	if (err)
		return err;
	err = unix_shutdown(f, (int)how);
	file_put(f);
	return err;
}

/* Reads the message header and its iovec array (kmalloc'd into *iov): the total length,
 * or -errno. */
static long read_msghdr(uint64_t umsg, struct user_msghdr *m, struct iovec **iov)
{
	uint64_t total = 0;

	*iov = NULL;
	if (copy_from_user(m, umsg, sizeof(*m)))
		return -EFAULT;
	if (m->msg_iovlen > IOV_MAX)
		return -EMSGSIZE;
	if (m->msg_iovlen && !(*iov = kmalloc(m->msg_iovlen * sizeof(**iov))))
		return -ENOMEM;
	if (m->msg_iovlen && copy_from_user(*iov, m->msg_iov, m->msg_iovlen * sizeof(**iov)))
		return -EFAULT;
	for (uint64_t i = 0; i < m->msg_iovlen; i++) {
		uint64_t len = (*iov)[i].iov_len;
		if ((int64_t)len < 0 || total + len < total || (int64_t)(total + len) < 0)
			return -EINVAL;
		if (!user_range_ok((uint64_t)(*iov)[i].iov_base, len))
			return -EFAULT;
		total += len;
	}
	return (long)total;
}

long sys_sendmsg(uint64_t fd, uint64_t umsg, uint64_t flags, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f;
	struct user_msghdr m;
	struct iovec *iov;
	long r = socket_of(fd, &f);

	if (r)
		return r;
	long total = read_msghdr(umsg, &m, &iov);
	if (total < 0)
		r = total;
	else if (m.msg_controllen)
		r = -EOPNOTSUPP;
	else if (!(r = send_address(f, m.msg_name, (uint64_t)(uint32_t)m.msg_namelen))) {
		struct unix_io io = { iov, (int)m.msg_iovlen, NULL };
		r = unix_send(f, &io, (uint64_t)total, (int)flags);
	}
	kfree(iov);
	file_put(f);
	return r;
}

/* The header's offsets of msg_namelen, msg_controllen and msg_flags, written back. */
#define MSGHDR_NAMELEN    8
#define MSGHDR_CONTROLLEN 40
#define MSGHDR_FLAGS      48

long sys_recvmsg(uint64_t fd, uint64_t umsg, uint64_t flags, uint64_t a3, uint64_t a4,
		 uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	struct file *f;
	struct user_msghdr m;
	struct iovec *iov;
	int truncated;
	long r = socket_of(fd, &f);

	if (r)
		return r;
	long total = read_msghdr(umsg, &m, &iov);
	if (total < 0) {
		kfree(iov);
		file_put(f);
		return total;
	}
	struct unix_io io = { iov, (int)m.msg_iovlen, NULL };
	r = unix_recv(f, &io, (uint64_t)total, (int)flags, &truncated);
	kfree(iov);
	file_put(f);
	if (r < 0)
		return r;
	int zero = 0;
	uint64_t none = 0;
	uint32_t out_flags = truncated ? MSG_TRUNC : 0;
	if ((m.msg_name && copy_to_user(umsg + MSGHDR_NAMELEN, &zero, sizeof(zero))) ||
	    copy_to_user(umsg + MSGHDR_CONTROLLEN, &none, sizeof(none)) ||
	    copy_to_user(umsg + MSGHDR_FLAGS, &out_flags, sizeof(out_flags)))
		return -EFAULT;
	return r;
}
