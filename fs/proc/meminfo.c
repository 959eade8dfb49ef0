/* /proc/meminfo (fs/proc/meminfo.c): Linux's names and layout, each name padded to 16
 * columns and each value to 8 in kB, which free(1) and top parse. File data counts as
 * Cached, as ramfs pages are page cache on Linux; they cannot be evicted, so
 * MemAvailable is MemFree (si_mem_available counts only evictable file pages). */
#include "fs/proc/proc_fs.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pmm.h"

static void show_kb(struct proc_text *t, const char *name, uint64_t pages)
{
	text_printf(t, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

int show_meminfo(struct proc_text *t, struct proc *p)
{
	uint64_t free = pmm_free_count(&kernel_pmm), cached = fs_page_count();

	(void)p;
	show_kb(t, "MemTotal:", pmm_total_count(&kernel_pmm));
	show_kb(t, "MemFree:", free);
	show_kb(t, "MemAvailable:", free);
	show_kb(t, "Buffers:", 0);
	show_kb(t, "Cached:", cached);
	show_kb(t, "SwapCached:", 0);
	show_kb(t, "Active:", 0);
	show_kb(t, "Inactive:", 0);
	show_kb(t, "Unevictable:", cached);
	show_kb(t, "Mlocked:", 0);
	show_kb(t, "SwapTotal:", 0);
	show_kb(t, "SwapFree:", 0);
	show_kb(t, "Dirty:", 0);
	show_kb(t, "Writeback:", 0);
	show_kb(t, "Shmem:", 0);
	return 0;
}
