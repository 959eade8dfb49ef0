/* poll(2) events and struct pollfd (include/uapi/asm-generic/poll.h), and select(2)'s
 * fd_set: a bit per descriptor in longs (include/uapi/linux/posix_types.h). */
#ifndef ABI_POLL_H
#define ABI_POLL_H
#include <stdint.h>

#define POLLIN     0x0001
#define POLLPRI    0x0002
#define POLLOUT    0x0004
#define POLLERR    0x0008
#define POLLHUP    0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLRDHUP  0x2000   /* the peer shut down writing (sockets) */

struct pollfd {
	int fd;
	short events;
	short revents;
};

#define FD_SETSIZE 1024

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(long))];
} fd_set;

#endif
