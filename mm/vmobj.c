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

void vmobj_get(struct vm_object *obj)
{
	__atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
}

void vmobj_put(struct vm_object *obj)
{
	if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	page_array_free(&obj->pages, pageref_put);
	kfree(obj);
}

uint64_t vmobj_map_page(struct vm_object *obj, uint64_t index)
{
	uint64_t pa = 0;

	BUG_ON(index >= obj->npages);
	spin_lock(&obj->lock);
	uint64_t *slot = page_array_slot(&obj->pages, index, 1);
	if (slot && !*slot)
		*slot = page_alloc_zeroed();
	if (slot && *slot && pageref_share(*slot) == 0)
		pa = *slot;
	spin_unlock(&obj->lock);
	return pa;
}
