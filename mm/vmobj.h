/* Memory objects: the pages behind a range that more than one mapping may see, one set for
 * every address space that maps it (fork copies the reference, not the pages), indexed by
 * page offset in the object. An anonymous object (MAP_SHARED anonymous memory) makes a
 * zero-filled page at the first touch of an offset and keeps it in its own page array; a
 * paged object asks its pager, which owns the pages: a file's object (mm/filemap.c) hands
 * out the file's own pages, so read(), write() and every mapping see the same page.
 *
 * Pages are counted (mm/pageref.h): the object (or its pager) holds one reference to each
 * of its pages and every mapping of it one more, so a page goes when both the owner and its
 * last mapping are gone, in either order. */
#ifndef MM_VMOBJ_H
#define MM_VMOBJ_H
#include <stdint.h>
#include "abi/errno.h"
#include "kernel/spinlock.h"
#include "mm/pagearray.h"

/* A pager's answer for an offset past the end of its object (a file's end): the access
 * is a bus error, SIGBUS, as Linux's filemap_fault answers VM_FAULT_SIGBUS. */
#define VMOBJ_PAST_END (-ENXIO)

struct vm_object;

struct vm_pager {
	/* Takes (hold = 1) or drops the pager's own lock, which page and resident_page are
	 * called under together with the share count taken on what they return: a page the
	 * pager frees (a file's truncation) cannot go between the look-up and the count. */
	void (*lock)(struct vm_object *obj, int hold);
	/* The page at index, owned by the pager: 0 with *pa set, VMOBJ_PAST_END, -ENOMEM. */
	int (*page)(struct vm_object *obj, uint64_t index, uint64_t *pa);
	/* The last reference went: the pager lets go of obj (vmobj_put then frees it). */
	void (*release)(struct vm_object *obj);
	/* The page at index if it exists now, else 0, without making it (mincore,
	 * fault-around). */
	uint64_t (*resident_page)(struct vm_object *obj, uint64_t index);
};

struct vm_object {
	int refs;                 /* ranges (VMAs) referring to it, and the pager's callers */
	uint64_t npages;          /* an anonymous object's size; a paged one asks its pager */
	struct spinlock lock;     /* guards pages */
	struct page_array pages;  /* an anonymous object's pages */
	const struct vm_pager *pager;   /* NULL for anonymous memory */
	void *owner;              /* the pager's: a file's object names its inode */
	char *name;               /* what /proc/PID/maps shows for it (kmalloc'd), or NULL */
};

/* An anonymous object of npages pages, none there yet, with one reference; NULL when out of
 * memory. */
struct vm_object *vmobj_create(uint64_t npages);
/* A paged object (see struct vm_pager) with one reference; NULL when out of memory. */
struct vm_object *vmobj_create_paged(const struct vm_pager *pager, void *owner);
void vmobj_get(struct vm_object *obj);
/* Drops a reference; the last one releases the object's pages (or tells its pager) and
 * frees the object. */
void vmobj_put(struct vm_object *obj);
/* The page at offset index, with one more mapping counted on it: 0 with *pa set,
 * -ENOMEM, or VMOBJ_PAST_END from a pager. An anonymous object zero-fills a page at the
 * first use of an index (below npages). */
int vmobj_map_page(struct vm_object *obj, uint64_t index, uint64_t *pa);
/* 1 if the object has the page at index now (mincore(2) of a page this process has not
 * mapped: Linux answers from the page cache too). */
int vmobj_resident(struct vm_object *obj, uint64_t index);
/* Fault-around (mm/uvm.c): for each i below n whose bit is set in want, the page the object
 * has now at offset index + i, with one more mapping counted on it, in pa[i]; 0 there for
 * a page it does not have (none is made) or when the count cannot grow. One taking of
 * the object's lock and of the share counts' for them all. n is at most 32. */
void vmobj_share_resident(struct vm_object *obj, uint64_t index, unsigned n, uint32_t want,
			  uint64_t *pa);

#endif
