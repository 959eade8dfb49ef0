/* The root file system's start-up (fs/boot.c). */
#ifndef FS_BOOT_H
#define FS_BOOT_H
#include <stdint.h>

/* Makes the root, unpacks the initrd (at physical initrd_pa) into it, makes /dev, and
 * gives the initrd's pages to the allocator. Panics when out of memory. */
void fs_boot(uint64_t initrd_pa, uint64_t initrd_size);

#endif
