/* Memory backed by files (see mm/filemap.h). */
#include <string.h>
#include "abi/limits.h"
#include "abi/mman.h"
#include "fs/memfd.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "mm/filemap.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"

/* The inode's lock (fs/inode.h): truncation frees pages under it. */
static void file_lock(struct vm_object *obj, int hold)
{
	struct inode *ip = obj->owner;

	if (hold)
		spin_lock(&ip->lock);
	else
		spin_unlock(&ip->lock);
}

static int file_page(struct vm_object *obj, uint64_t index, uint64_t *pa)
{
	void *page;
	int err = inode_page_locked(obj->owner, index, &page);

	if (err)
		return err == -ENXIO ? VMOBJ_PAST_END : -ENOMEM;
	*pa = virt_to_phys(page);
	return 0;
}

/* The last mapping went: the inode keeps its pages, a later mmap makes a new object
 * (which may already have taken this one's place). */
static void file_release(struct vm_object *obj)
{
	struct inode *ip = obj->owner;

	spin_lock(&ip->lock);
	if (ip->mapping == obj)
		ip->mapping = NULL;
	spin_unlock(&ip->lock);
	kfree(obj->name);
	inode_put(ip);
}

/* A page of the file that exists (a hole does not), short of the end; else 0. ip->lock
 * held. */
static uint64_t file_resident_page(struct vm_object *obj, uint64_t index)
{
	const struct inode *ip = obj->owner;

	if (index >= ip->npages || !ip->pages[index] || index * PAGE_SIZE >= ip->size)
		return 0;
	return virt_to_phys(ip->pages[index]);
}

static const struct vm_pager file_pager = { file_lock, file_page, file_release,
					    file_resident_page };

/* The file's path when it is first mapped (Linux shows the path it was opened by, and
 * follows renames; this one stays as it was); a memfd's "/memfd:NAME (deleted)", as
 * Linux shows it. NULL if it has no name or memory is short: the range is then shown
 * without one. */
static char *path_of(struct inode *ip)
{
	char *buf = kmalloc(PATH_MAX), *name = NULL;

	if (buf && ip->memfd)
		snprintk(buf, PATH_MAX, "/%s (deleted)", ip->memfd->name);
	if (buf && (ip->memfd || fs_path_of(ip, buf, PATH_MAX) == 0) &&
	    (name = kmalloc(strlen(buf) + 1)))
		memcpy(name, buf, strlen(buf) + 1);
	kfree(buf);
	return name;
}

/* ip's object with one more reference, unless there is none or its last reference is
 * going (its release has not yet run: it is not revived but replaced); ip->lock held. */
static struct vm_object *get_live_object(struct inode *ip)
{
	struct vm_object *obj = ip->mapping;
	int refs = obj ? __atomic_load_n(&obj->refs, __ATOMIC_RELAXED) : 0;

	while (refs && !__atomic_compare_exchange_n(&obj->refs, &refs, refs + 1, 0,
						    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		;
	return refs ? obj : NULL;
}

/* The object every mapping of ip shares (mappings on two harts at once find the same
 * one), with a reference for the caller; NULL when out of memory. */
struct vm_object *filemap_object(struct inode *ip)
{
	spin_lock(&ip->lock);
	struct vm_object *obj = get_live_object(ip);
	spin_unlock(&ip->lock);
	if (obj)
		return obj;
	char *name = path_of(ip);   /* takes fs_lock: not under ip->lock */
	spin_lock(&ip->lock);
	obj = get_live_object(ip);
	if (!obj && (obj = vmobj_create_paged(&file_pager, ip))) {
		inode_get(ip);
		obj->name = name;
		name = NULL;
		ip->mapping = obj;
	}
	spin_unlock(&ip->lock);
	kfree(name);
	return obj;
}

int filemap_check(const struct file *f, int prot, int flags, struct vm_object **obj)
{
	if (!S_ISREG(f->ip->mode))
		return -ENODEV;
	if (!file_readable(f))
		return -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
	    (!file_writable(f) || (f->flags & O_APPEND)))
		return -EACCES;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
	    memfd_check_map_write(f->ip))
		return -EPERM;   /* a sealed memfd (F_SEAL_WRITE, F_SEAL_FUTURE_WRITE) */
	*obj = filemap_object(f->ip);
	return *obj ? 0 : -ENOMEM;
}

struct unmap_args {
	struct vm_object *obj;
	uint64_t first;
};

/* Every range of the object in mm loses its pages at offsets first and beyond. */
static void unmap_in_mm(struct mm *mm, void *arg)
{
	const struct unmap_args *a = arg;

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];
		uint64_t pages = (v->end - v->start) >> PAGE_SHIFT;
		if (v->obj != a->obj || v->pgoff + pages <= a->first)
			continue;
		uint64_t from = a->first > v->pgoff ? a->first - v->pgoff : 0;
		uvm_zap(mm, v->start + (from << PAGE_SHIFT), v->end);
	}
}

void filemap_unmap(struct inode *ip, uint64_t first)
{
	struct unmap_args a = { ip->mapping, first };

	proc_for_each_mm(unmap_in_mm, &a);
}

struct inode *vma_file(const struct vma *v)
{
	return v->obj && v->obj->pager == &file_pager ? v->obj->owner : NULL;
}
