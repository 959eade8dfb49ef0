/* libFuzzer target: the device-tree reader (devicetree/) on any blob, then what the boot
 * does with its result (dt_free_ram, dt_limit_ram, dt_in_mapped_ram). dt_parse trusts
 * the header's totalsize (it gets no buffer size: devicetree/dt.c), so the input's own
 * length is written there: every byte read beyond it is a bug AddressSanitizer sees. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "devicetree/dt.h"

#define TOTALSIZE_OFFSET 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dt_info info;
	struct phys_range free_ram[DT_MAX_FREE_RAM], cut[DT_MAX_RAM];
	char err[96];

	if (size < 40 || size > DT_MAX_SIZE)
		return 0;
	uint8_t *blob = malloc(size);
	memcpy(blob, data, size);
	uint32_t n = (uint32_t)size;
	uint8_t be[4] = { n >> 24, n >> 16, n >> 8, n };
	memcpy(blob + TOTALSIZE_OFFSET, be, 4);
	if (dt_parse(blob, 0x87000000, &info, err, sizeof(err)) == 0) {
		dt_free_ram(&info, free_ram, DT_MAX_FREE_RAM);
		dt_limit_ram(&info, 0x2700000000ull, cut, DT_MAX_RAM);
		dt_in_mapped_ram(&info, info.initrd_start, info.initrd_end - info.initrd_start);
		dt_overlaps_ram(&info, info.uart.base, info.uart.size);
		(void)strlen(info.bootargs);
	} else if (strlen(err) == 0) {
		abort();   /* every failure says why */
	}
	free(blob);
	return 0;
}
