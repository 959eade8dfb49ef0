/* cpio newc archives (cpio(5), what `cpio -H newc` and Linux's initramfs use) built in
 * memory by the host tests of the cpio reader and the initramfs unpacker. */
#ifndef TESTS_HOST_NEWC_H
#define TESTS_HOST_NEWC_H
#include <stddef.h>

#define NEWC_HEADER_SIZE 110

struct newc_archive {
	char buf[65536];
	size_t len;
};

/* Appends one entry, laid out as cpio -H newc does: header, name and data, each padded
 * to 4 bytes. */
void newc_add(struct newc_archive *a, const char *name, unsigned mode, unsigned mtime,
	      const char *data, size_t size);
/* newc_add with pad more NULs after the name's own, counted in its size (what
 * tools/mkinitrd.py writes to align file data). */
void newc_add_padded(struct newc_archive *a, const char *name, size_t pad, unsigned mode,
		     unsigned mtime, const char *data, size_t size);

#endif
