/* memfd_create(2): a file of the RAM file system with no name anywhere, its memory
 * freed at its last close and unmap, and file seals (fcntl(2) "File seals"). */
#ifndef FS_MEMFD_H
#define FS_MEMFD_H
#include <stdint.h>

struct file;
struct inode;

/* "memfd:" and the name given, up to 249 bytes (Linux's MFD_NAME_MAX_LEN). */
#define MEMFD_NAME_MAX (255 - 6)

struct memfd {
	uint32_t seals;
	char name[6 + MEMFD_NAME_MAX + 1];   /* "memfd:NAME", what /proc/PID/fd shows */
};

/* A new memfd opened read/write (name already copied in, at most MEMFD_NAME_MAX bytes;
 * MFD_ALLOW_SEALING or not): the file, or NULL when memory is short. */
struct file *memfd_create(const char *name, unsigned flags);
/* F_ADD_SEALS and F_GET_SEALS: EINVAL on any other file. */
long memfd_add_seals(struct file *f, uint64_t seals);
long memfd_get_seals(struct file *f);
/* 0, or -EPERM when ip's seals forbid the change: a size change to size (ftruncate),
 * or a new writable shared mapping (mmap). 0 for any file that is not a memfd. */
int memfd_check_resize(struct inode *ip, uint64_t size);
int memfd_check_map_write(struct inode *ip);

#endif
