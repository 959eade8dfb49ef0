/* See host_fs_pages.h. */
#include <stdlib.h>
#include <string.h>
#include "fs/inode.h"
#include "tests/host/host_fs_pages.h"

long pages_out;
long foreign_freed;
long page_budget = -1;

void *host_fs_page_alloc(int zeroed)
{
	if (page_budget == 0)
		return NULL;
	if (page_budget > 0)
		page_budget--;
	void *p = aligned_alloc(FS_PAGE_SIZE, FS_PAGE_SIZE);
	memset(p, zeroed ? 0 : 0xa5, FS_PAGE_SIZE);   /* garbage unless asked */
	pages_out++;
	return p;
}

const char *foreign_first, *foreign_end;

void host_fs_page_free(void *p)
{
	if ((const char *)p >= foreign_first && (const char *)p < foreign_end) {
		foreign_freed++;
		return;
	}
	pages_out--;
	free(p);
}

static void *heap_alloc(void *ctx, size_t n) { (void)ctx; return aligned_alloc(4096, n * 4096); }
static void heap_free(void *ctx, void *va, size_t n) { (void)ctx, (void)n; free(va); }

const struct kheap_source host_fs_heap = { heap_alloc, heap_free, NULL };
