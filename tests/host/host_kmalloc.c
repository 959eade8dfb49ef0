/* kmalloc over malloc (see host_kmalloc.h). */
#include <stdlib.h>
#include <string.h>
#include "mm/kmalloc.h"
#include "tests/host/host_kmalloc.h"

int kmalloc_fails;
long live_allocations;

void kmalloc_init(const struct kheap_source *src)
{
	(void)src;
}

void *kmalloc(size_t size)
{
	if (kmalloc_fails || size == 0)
		return NULL;
	void *p = malloc(size);
	if (p)
		live_allocations++;
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (p)
		live_allocations--;
	free(p);
}

size_t kmalloc_pages_held(void)
{
	return 0;
}
