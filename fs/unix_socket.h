/* AF_UNIX socket pairs (socketpair(2), unix(7)): two connected ends, each a file with a
 * receive queue of its own, for SOCK_STREAM (a byte stream), SOCK_SEQPACKET (records
 * with end of file) and SOCK_DGRAM (records). */
#ifndef FS_UNIX_SOCKET_H
#define FS_UNIX_SOCKET_H
#include <stdint.h>

struct file;
struct iovec;

#define UNIX_QUEUE (64 * 1024)   /* bytes each receive queue holds (a record: 8 more) */

/* Where the bytes of a send come from or those of a receive go: user iovecs (a kernel
 * copy of the array) or one kernel buffer. */
struct unix_io {
	const struct iovec *iov;
	int niov;
	const char *ksrc;   /* sendfile's kernel source, or NULL */
};

/* A connected pair of type SOCK_STREAM, SOCK_SEQPACKET or SOCK_DGRAM, its files opened
 * with flags (O_NONBLOCK): 0 or -ENOMEM. */
int unix_pair_create(int type, int flags, struct file **a, struct file **b);
/* 1 if f is a socket. */
int unix_is_socket(const struct file *f);
/* send(2) and recv(2) of len bytes with MSG_* flags; recv sets *truncated for a record
 * longer than len. The count or -errno. */
long unix_send(struct file *f, const struct unix_io *io, uint64_t len, int flags);
long unix_recv(struct file *f, const struct unix_io *io, uint64_t len, int flags,
	       int *truncated);
/* shutdown(2) with SHUT_RD, SHUT_WR or SHUT_RDWR: 0 or -EINVAL. */
long unix_shutdown(struct file *f, int how);
/* The socket's type (SOCK_STREAM, ...). */
int unix_type(const struct file *f);

#endif
