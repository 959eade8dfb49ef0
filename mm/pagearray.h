/* A sparse array of physical pages indexed by page offset: a radix tree of 64-slot nodes,
 * as tall as the array's size needs and filled in only where pages are (the job Linux's
 * xarray does for the page cache). A slot holds a page's physical address, 0 for none.
 * Pure logic over kmalloc; not locked (its owner locks). */
#ifndef MM_PAGEARRAY_H
#define MM_PAGEARRAY_H
#include <stdint.h>

struct page_array_node;

struct page_array {
	struct page_array_node *root;
	int height;   /* levels of nodes below root, root included */
};

/* An empty array for indexes below size. */
void page_array_init(struct page_array *a, uint64_t size);
/* The slot for index (below size). When it does not exist yet: NULL, or with create, a
 * new zero slot (NULL if a node cannot be allocated). */
uint64_t *page_array_slot(struct page_array *a, uint64_t index, int create);
/* Calls fn for every page in the array, then frees the nodes. */
void page_array_free(struct page_array *a, void (*fn)(uint64_t pa));

#endif
