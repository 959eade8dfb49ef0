/* Memory objects: the pages behind a MAP_SHARED range, one set for every address space
 * that maps it (fork copies the reference, not the pages), indexed by page offset in the
 * object. An anonymous object makes a zero-filled page at the first touch of an offset;
 * shared file mappings are to use the same objects with pages read from the file.
 *
 * Pages are counted (mm/pageref.h): the object holds one reference to each of its pages
 * and every mapping of it one more, so a page goes when both the object and its last
 * mapping are gone, in either order. */
#ifndef MM_VMOBJ_H
#define MM_VMOBJ_H
#include <stdint.h>
#include "kernel/spinlock.h"
#include "mm/pagearray.h"

struct vm_object {
	int refs;                 /* ranges (VMAs) referring to it */
	uint64_t npages;
	struct spinlock lock;     /* guards pages */
	struct page_array pages;
};

/* An object of npages pages, none there yet, with one reference; NULL when out of memory. */
struct vm_object *vmobj_create(uint64_t npages);
void vmobj_get(struct vm_object *obj);
/* Drops a reference; the last one releases the object's pages and the object. */
void vmobj_put(struct vm_object *obj);
/* The page at offset index (below npages), zero-filled if it is the first use, with one
 * more mapping counted on it; 0 when out of memory. */
uint64_t vmobj_map_page(struct vm_object *obj, uint64_t index);

#endif
