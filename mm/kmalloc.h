/* Kernel heap: size classes carved from whole pages, large requests straight from the
 * page allocator. Thread-safe (its own lock). */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H
#include <stddef.h>

/* Where the heap gets its pages: the kernel passes the page allocator reached through
 * the direct map; host tests pass aligned_alloc-backed pages. */
struct kheap_source {
	void *(*alloc_pages)(void *ctx, size_t npages);   /* page-aligned, or NULL */
	void (*free_pages)(void *ctx, void *va, size_t npages);
	void *ctx;
};

void kmalloc_init(const struct kheap_source *src);

/* 16-byte aligned memory, or NULL when out of memory or size == 0. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* NULL is ignored. A pointer kmalloc did not return, or one already freed, is reported
 * through printk with the pointer and the caller and otherwise ignored. */
void kfree(void *p);

#ifdef HOST_TEST
/* For the host tests only: pages the heap holds from its source right now (empty
 * size-class pages go back). */
size_t kmalloc_pages_held(void);
#endif

#endif
