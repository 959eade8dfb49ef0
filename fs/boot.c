/* Bringing up the root file system at boot: the RAM file system over the page allocator,
 * the initrd unpacked into it, /dev, and the initrd's pages given back. */
#include "fs/boot.h"
#include "fs/dev.h"
#include "fs/inode.h"
#include "fs/initramfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/realtime.h"
#include "mm/filemap.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pageref.h"

static void *fs_page_alloc(int zeroed)
{
	uint64_t pa = zeroed ? page_alloc_zeroed() : page_alloc();
	return pa ? phys_to_virt(pa) : NULL;
}

/* The file's reference to a page: a page some mapping still holds goes with the last
 * one (mm/pageref.h). */
static void fs_page_free(void *va)
{
	pageref_put(virt_to_phys(va));
}

/* Files are stamped with the wall clock, CLOCK_REALTIME (kernel/realtime.c): the RTC's
 * time, or seconds since boot on a machine without one. */
static int64_t fs_clock(void)
{
	return (int64_t)(realtime_now_ns() / 1000000000UL);
}

static const struct fs_env kernel_fs_env = { fs_page_alloc, fs_page_free, fs_clock,
					    filemap_unmap };

void fs_boot(uint64_t initrd_pa, uint64_t initrd_size)
{
	fs_init(&kernel_fs_env);
	if (!fs_root())
		panic("out of memory for the root directory");
	int made = initramfs_unpack(phys_to_virt(initrd_pa), initrd_size);
	if (dev_init())
		panic("out of memory making /dev");
	/* Everything now lives in the file system's pages: the archive's whole pages go back
	 * (its first and last may share pages with other reservations, and stay). */
	uint64_t first = PAGE_ROUND_UP(initrd_pa);
	uint64_t end = PAGE_ROUND_DOWN(initrd_pa + initrd_size);
	if (end > first)
		pmm_unreserve(&kernel_pmm, first, end - first);
	printk("initrd: %d entries unpacked into the root file system; %lu KiB given back\n",
	       made < 0 ? 0 : made, end > first ? (end - first) >> 10 : 0);
}
