/* Memory backed by files: a mapped file's memory object hands out the file's own pages
 * (fs/inode.c keeps them), so MAP_SHARED writes are the file's data at once, read() and
 * every other mapping see the same physical page, and MAP_PRIVATE maps them copy-on-write
 * (mm/uvm.c). One object per inode while anything maps it (ip->mapping), as Linux's
 * address_space; it holds a reference to the inode, so an unlinked file's pages go back
 * once its last mapping and descriptor are gone. */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H
#include "fs/file.h"
#include "mm/vma.h"
#include "mm/vmobj.h"

/* The object of a regular file, with a new reference for the caller; NULL when out of
 * memory. */
struct vm_object *filemap_object(struct inode *ip);
/* mmap(2)'s checks of the descriptor for a mapping with prot and flags (Linux's do_mmap
 * order): EACCES for a file not open for reading, or a shared writable mapping of a file
 * not open for writing or open for appending; ENODEV for files that cannot be mapped
 * (anything but a regular file: pipes, devices, directories). Then the file's object in
 * *obj. */
int filemap_check(const struct file *f, int prot, int flags, struct vm_object **obj);
/* The truncation hook (fs_env.unmap_pages): pages from index first on leave every
 * address space that maps ip. */
void filemap_unmap(struct inode *ip, uint64_t first);
/* The file a range maps, or NULL (anonymous memory): for /proc/PID/maps, with v->pgoff. */
struct inode *vma_file(const struct vma *v);

#endif
