/* libFuzzer target: the ELF checker (lib/elf.c) on any file: elf_parse inside the buffer
 * (AddressSanitizer), and whatever it accepts really within the file and user space. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/elf.h"

#define USER_TOP 0x4000000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	char err[96];
	uint8_t *file = malloc(size ? size : 1);

	memcpy(file, data, size);
	size_t head = elf_headers_size(file, size);
	/* Parsing only the bytes elf_headers_size asks for must read no further. */
	if (head <= size) {
		uint8_t *start = malloc(head ? head : 1);
		memcpy(start, file, head);
		elf_parse(start, size, USER_TOP, &img, err, sizeof(err));
		free(start);
	}
	if (elf_parse(file, size, USER_TOP, &img, err, sizeof(err)) == 0) {
		for (int i = 0; i < img.nsegments; i++) {
			const struct elf_segment *s = &img.segment[i];
			if (s->memsz > USER_TOP || s->vaddr > USER_TOP - s->memsz ||
			    s->memsz < s->filesz || s->filesz > size || s->offset > size - s->filesz)
				abort();
		}
	}
	free(file);
	return 0;
}
