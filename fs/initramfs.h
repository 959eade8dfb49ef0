/* Filling the root file system from the initrd (fs/initramfs.c). */
#ifndef FS_INITRAMFS_H
#define FS_INITRAMFS_H
#include <stddef.h>

/* Archive pages the files may keep instead of copying them: each whole page in
 * [first, end) that holds only a regular file's data (its data starts page-aligned) becomes
 * that file's page (inode_adopt_pages), and taken[(page - first) / 4096] is set to 1. The
 * caller gives the other pages back. */
struct initramfs_in_place {
	const char *first, *end;
	unsigned char *taken;
};

/* Unpacks a cpio newc archive into the root: directories, regular files and symlinks
 * with their modes and mtimes; other entries (devices, fifos) are skipped. File data is
 * copied into the file system's pages, except the pages in_place (may be NULL) lets the
 * files keep. A malformed archive is reported and unpacking stops there. Returns the
 * number of entries made, or -errno. */
int initramfs_unpack(const void *archive, size_t size, const struct initramfs_in_place *in_place);

#endif
