/* Filling the root file system from the initrd (fs/initramfs.c). */
#ifndef FS_INITRAMFS_H
#define FS_INITRAMFS_H
#include <stddef.h>

/* Unpacks a cpio newc archive into the root: directories, regular files and symlinks
 * with their modes and mtimes; other entries (devices, fifos) are skipped. A malformed
 * archive is reported and unpacking stops there. Returns the number of entries made, or
 * -errno. */
int initramfs_unpack(const void *archive, size_t size);

#endif
