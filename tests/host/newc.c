/* See newc.h. */
#include <stdio.h>
#include <string.h>
#include "tests/host/newc.h"

static void pad4(struct newc_archive *a)
{
	while (a->len % 4)
		a->buf[a->len++] = '\0';
}

void newc_add(struct newc_archive *a, const char *name, unsigned mode, unsigned mtime,
	      const char *data, size_t size)
{
	newc_add_padded(a, name, 0, mode, mtime, data, size);
}

void newc_add_padded(struct newc_archive *a, const char *name, size_t pad, unsigned mode,
		     unsigned mtime, const char *data, size_t size)
{
	size_t namesize = strlen(name) + 1 + pad;
	char hdr[NEWC_HEADER_SIZE + 32];

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1u, mode, 0u, 0u, 1u, mtime, (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	memcpy(a->buf + a->len, hdr, NEWC_HEADER_SIZE);
	a->len += NEWC_HEADER_SIZE;
	memset(a->buf + a->len, 0, namesize);
	memcpy(a->buf + a->len, name, strlen(name));
	a->len += namesize;
	pad4(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	pad4(a);
}
