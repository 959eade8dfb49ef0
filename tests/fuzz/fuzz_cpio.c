/* libFuzzer target: the newc cpio reader (lib/cpio.c) over any archive: every entry
 * stepped through, and a lookup, all inside the buffer (AddressSanitizer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/cpio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpio_file f;
	size_t offset = 0;
	char err[96];
	int r;
	/* An exact-size copy, so that a read past the end is caught even for size 0. */
	uint8_t *archive = malloc(size ? size : 1);

	memcpy(archive, data, size);
	while ((r = cpio_next(archive, size, &offset, &f, err, sizeof(err))) == 1) {
		if ((const uint8_t *)f.data < archive || f.size > size ||
		    (const uint8_t *)f.data + f.size > archive + size ||
		    (const uint8_t *)f.name < archive || f.name_len > size ||
		    (const uint8_t *)f.name + f.name_len > archive + size || offset > size)
			abort();
	}
	cpio_find(archive, size, "/init", &f, err, sizeof(err));
	free(archive);
	return 0;
}
