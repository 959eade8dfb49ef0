/* A device-tree blob compiled from dts/ into build/dtb/ (host tests run from the repo
 * root), read whole into malloc'd memory; *size gets its length. Exits with status 2
 * (the test cannot run) when the blob is missing or unreadable. */
#ifndef TESTS_HOST_DTB_FILE_H
#define TESTS_HOST_DTB_FILE_H
#include <stdio.h>
#include <stdlib.h>

static inline void *load_dtb(const char *name, size_t *size)
{
	char path[256];
	snprintf(path, sizeof(path), "build/dtb/%s.dtb", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "  cannot open %s (compile dts/%s.dts first)\n", path, name);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	void *blob = malloc(*size);
	if (!blob || fread(blob, 1, *size, f) != *size) {
		fprintf(stderr, "  cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	return blob;
}

#endif
