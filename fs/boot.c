/* Bringing up the root file system at boot: the RAM file system over the page allocator,
 * the initrd unpacked into it, /dev, and the initrd's pages given back. */
#include <stdbool.h>
#include "fs/boot.h"
#include "fs/dev.h"
#include "fs/inode.h"
#include "fs/initramfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/realtime.h"
#include "mm/filemap.h"
#include "mm/kmalloc.h"
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

/* While the initrd is unpacked the clock is read once, at the start: the archive's mtimes
 * replace the times of everything it makes, and what is left (the directories' ctimes,
 * in whole seconds) is at most the unpacking's length, under a millisecond, older than a
 * reading at each entry would give. Reading it for each inode and name made cost about
 * 150 instructions an entry. Only this hart runs meanwhile. */
static bool unpacking;
static int64_t unpack_time;

/* Files are stamped with the wall clock, CLOCK_REALTIME (kernel/realtime.c): the RTC's
 * time, or seconds since boot on a machine without one. */
static int64_t fs_clock(void)
{
	if (unpacking)
		return unpack_time;
	return (int64_t)(realtime_now_ns() / 1000000000UL);
}

static const struct fs_env kernel_fs_env = { fs_page_alloc, fs_page_free, fs_clock,
					    filemap_unmap };

/* Unpacks the archive; its whole pages [first, end) go back to the allocator but those
 * the files keep, because they hold nothing but a file's data (the unpacker marks them).
 * Returns how many the files kept. */
static uint64_t unpack(uint64_t initrd_pa, uint64_t initrd_size, uint64_t first, uint64_t end,
		       int *made)
{
	uint64_t npages = (end - first) / PAGE_SIZE, kept = 0;
	unsigned char *taken = npages ? kzalloc(npages) : NULL;
	struct initramfs_in_place in_place = { phys_to_virt(first), phys_to_virt(end), taken };

	/* Allocated, not reserved, from here on: a file unpacked and then replaced by a later
	 * entry frees its pages as it would any others. */
	if (taken)
		pmm_unreserve_in_use(&kernel_pmm, first, end - first);
	unpack_time = fs_clock();
	unpacking = true;
	*made = initramfs_unpack(phys_to_virt(initrd_pa), initrd_size, taken ? &in_place : NULL);
	unpacking = false;
	if (!taken) {
		if (npages)   /* no memory to mark pages with: everything was copied */
			pmm_unreserve(&kernel_pmm, first, end - first);
		return 0;
	}
	for (uint64_t i = 0, run; i < npages; i = run) {
		for (run = i; run < npages && taken[run] == taken[i]; run++)
			;
		if (taken[i])
			kept += run - i;
		else
			pmm_free_contig(&kernel_pmm, first + i * PAGE_SIZE, run - i, NULL);
	}
	kfree(taken);
	return kept;
}

void fs_boot(uint64_t initrd_pa, uint64_t initrd_size)
{
	/* The archive's whole pages: its first and last may share pages with other
	 * reservations, and stay reserved. */
	uint64_t first = PAGE_ROUND_UP(initrd_pa);
	uint64_t end = PAGE_ROUND_DOWN(initrd_pa + initrd_size);
	int made;

	if (end < first)
		end = first;
	fs_init(&kernel_fs_env);
	if (!fs_root())
		panic("out of memory for the root directory");
	uint64_t kept = unpack(initrd_pa, initrd_size, first, end, &made) * PAGE_SIZE;
	if (dev_init())
		panic("out of memory making /dev");
	printk("initrd: %d entries unpacked into the root file system, %lu KiB of file data "
	       "used in place; %lu KiB given back\n",
	       made < 0 ? 0 : made, kept >> 10, (end - first - kept) >> 10);
}
