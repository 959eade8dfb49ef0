/* Memory objects (see mm/vmobj.h). */
#include "kernel/panic.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/pageref.h"
#include "mm/vmobj.h"

struct vm_object *vmobj_create(uint64_t npages)
{
	struct vm_object *obj = kzalloc(sizeof(*obj));

	if (!obj)
		return NULL;
	obj->refs = 1;
	obj->npages = npages;
	obj->lock = (struct spinlock)SPINLOCK_INIT("vm_object");
	page_array_init(&obj->pages, npages);
	return obj;
}

struct vm_object *vmobj_create_paged(const struct vm_pager *pager, void *owner)
{
	struct vm_object *obj = vmobj_create(1);

	if (obj) {
		obj->pager = pager;
		obj->owner = owner;
	}
	return obj;
}

void vmobj_get(struct vm_object *obj)
{
	__atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
}

void vmobj_put(struct vm_object *obj)
{
	if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (obj->pager)
		obj->pager->release(obj);
	else
		page_array_free(&obj->pages, pageref_put);
	kfree(obj);
}

int vmobj_map_page(struct vm_object *obj, uint64_t index, uint64_t *pa)
{
	int err = -ENOMEM;

	spin_lock(&obj->lock);
	if (obj->pager) {
		obj->pager->lock(obj, 1);
		err = obj->pager->page(obj, index, pa);
		if (!err && pageref_share(*pa))
			err = -ENOMEM;
		obj->pager->lock(obj, 0);
	} else {
		BUG_ON(index >= obj->npages);
		uint64_t *slot = page_array_slot(&obj->pages, index, 1);
		if (slot && !*slot)
			*slot = page_alloc_zeroed();
		if (slot && *slot) {
			*pa = *slot;
			err = 0;
		}
		if (!err && pageref_share(*pa))
			err = -ENOMEM;
	}
	spin_unlock(&obj->lock);
	return err;
}

/* A paged object's pager takes or drops its own lock (struct vm_pager); obj->lock held. */
static void lock_pager(struct vm_object *obj, int hold)
{
	if (obj->pager)
		obj->pager->lock(obj, hold);
}

/* The page at index if the object has it; its lock (and its pager's) held. */
static uint64_t resident_page(struct vm_object *obj, uint64_t index)
{
	if (obj->pager)
		return obj->pager->resident_page(obj, index);
	uint64_t *slot = index < obj->npages ? page_array_slot(&obj->pages, index, 0) : NULL;
	return slot ? *slot : 0;
}

int vmobj_resident(struct vm_object *obj, uint64_t index)
{
	spin_lock(&obj->lock);
	lock_pager(obj, 1);
	int r = resident_page(obj, index) != 0;
	lock_pager(obj, 0);
	spin_unlock(&obj->lock);
	return r;
}

void vmobj_share_resident(struct vm_object *obj, uint64_t index, unsigned n, uint32_t want,
			  uint64_t *pa)
{
	struct pageref_batch batch;

	BUG_ON(n > 32);
	spin_lock(&obj->lock);
	lock_pager(obj, 1);
	pageref_batch_begin(&batch);
	for (unsigned i = 0; i < n; i++) {
		pa[i] = 0;
		if (!(want & (1U << i)))
			continue;
		uint64_t page = resident_page(obj, index + i);
		if (page && pageref_batch_share(&batch, page) == 0)
			pa[i] = page;
	}
	pageref_batch_end(&batch);
	lock_pager(obj, 0);
	spin_unlock(&obj->lock);
}
