/* Reading a "newc" cpio archive (the initramfs format; see the cpio(5) man page and Linux
 * Documentation/driver-api/early-userspace/buffer-format.rst). Pure logic, host-tested. */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H
#include <stddef.h>
#include <stdint.h>

struct cpio_file {
	const char *name;     /* as stored, e.g. "init" or "bin/sh" (not NUL-guaranteed: use name_len) */
	size_t name_len;      /* up to its first NUL (NULs after it in the header only pad) */
	const void *data;
	size_t size;
	uint32_t mode;        /* st_mode bits from the header (S_IFREG = 0100000) */
	uint32_t mtime;       /* seconds since the epoch */
};

/* Steps through the archive: *offset starts at 0. Returns 1 and fills *out for the next
 * entry, 0 at the "TRAILER!!!" entry or the end, or -EINVAL if the archive is malformed
 * (bad magic, sizes running past the end, non-hex digits); then err (if not NULL) gets
 * a one-line reason. */
int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_file *out,
	      char *err, size_t errlen);

/* Finds a regular file by path ("/init", "init", "./init" and "/bin/sh" all match the stored
 * forms "init", "./init", "bin/sh"). Returns 0, -ENOENT, or -EINVAL (malformed). */
int cpio_find(const void *archive, size_t size, const char *path, struct cpio_file *out,
	      char *err, size_t errlen);

#endif
