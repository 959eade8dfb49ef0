/* Sockets (socket(2), unix(7), send(2), recv(2); include/linux/socket.h, net.h): only
 * AF_UNIX socket pairs exist here. */
#ifndef ABI_SOCKET_H
#define ABI_SOCKET_H
#include <stdint.h>

#define AF_UNIX 1

#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3   /* AF_UNIX takes it as SOCK_DGRAM (unix_create) */
#define SOCK_SEQPACKET 5
#define SOCK_MAX       11
#define SOCK_TYPE_MASK 0xf
#define SOCK_CLOEXEC   02000000   /* O_CLOEXEC */
#define SOCK_NONBLOCK  04000      /* O_NONBLOCK */

#define MSG_OOB      0x1
#define MSG_PEEK     0x2
#define MSG_TRUNC    0x20
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL  0x100
#define MSG_NOSIGNAL 0x4000

#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

/* The kernel's struct user_msghdr (64-bit layout, 56 bytes). */
struct user_msghdr {
	uint64_t msg_name;
	int32_t msg_namelen;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	uint32_t msg_flags;
};

#endif
