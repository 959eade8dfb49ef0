/* The file system's core: inodes of a RAM file system (the root, filled from the initrd
 * at boot, as Linux's initramfs fills its tmpfs; /proc is a second file system of the
 * same inodes, fs/proc/), their data in whole pages, directories, mounts, and path
 * lookup. Pure logic over an injected environment (pages and the clock), so that
 * tests/host/test_fs.c runs it over simulated memory.
 *
 * Concurrency: fs_lock (below) guards the namespace; nothing under it sleeps. File data
 * is not under it: system calls run on one hart and kernel code is not preempted
 * (docs/locking.md). */
#ifndef FS_INODE_H
#define FS_INODE_H
#include <stddef.h>
#include <stdint.h>
#include "abi/limits.h"
#include "abi/stat.h"
#include "kernel/sleeplock.h"
#include "kernel/spinlock.h"

#define FS_PAGE_SIZE 4096
#define FS_MAX_FILE_SIZE (1UL << 32)   /* beyond that, -EFBIG */

/* What the core needs from its host: pages for file data (NULL when out of memory),
 * zero-filled when zeroed says so, and seconds since the epoch for timestamps. */
struct inode;

struct fs_env {
	void *(*page_alloc)(int zeroed);
	void (*page_free)(void *page);
	int64_t (*now)(void);
	/* Before a mapped file (ip->mapping) loses its pages from index first on: unmaps them
	 * from every address space (mm/filemap.c). NULL where nothing maps files. */
	void (*unmap_pages)(struct inode *ip, uint64_t first);
};

/* A timestamp: seconds since the epoch and nanoseconds, as utimensat(2) sets them. */
struct fs_time {
	int64_t sec;
	int64_t nsec;
};

/* A mounted file system: its device number (st_dev), statfs(2) f_type, name and mount
 * flags (ST_NOSUID, ST_NODEV, ST_NOEXEC of abi/statfs.h). The RAM file system is the
 * root; /proc is mounted on it. */
struct fs_sb {
	uint32_t dev;
	uint64_t magic;
	const char *name;
	uint32_t mnt_flags;
	int fixed_names;   /* users make and remove no names (/proc: EACCES, EPERM) */
};

extern const struct fs_sb ramfs_sb;

struct file_ops;
struct pipe;
struct vm_object;
struct dirent_node;

struct inode {
	uint32_t mode;          /* S_IFMT type and permission bits */
	uint32_t nlink;         /* names (and, for a directory, "." and its children's "..") */
	int refs;               /* open files, current directories, lookups in progress */
	uint64_t ino;
	const struct fs_sb *sb; /* the file system it belongs to: ramfs_sb from inode_alloc */
	uint64_t size;          /* bytes of a file or symlink target; entries of a directory */
	struct fs_time atime, mtime, ctime;
	uint32_t uid, gid;      /* chown(2) stores them; permission checks treat all as root */
	uint32_t rdev;          /* a device's number */
	/* Regular files: page i holds bytes [i * 4096, (i + 1) * 4096); a NULL page is a hole
	 * and reads as zeros. */
	void **pages;
	uint64_t npages;        /* slots in pages[] */
	uint64_t pages_present; /* slots of pages[] that hold a page (st_blocks); under lock */
	/* While the file is mapped: the memory object every mapping of it refers to, which
	 * hands out these same pages and holds a reference to the inode (mm/filemap.c). */
	struct vm_object *mapping;
	/* Guards pages[], npages, size and mapping against the page-fault path, which finds
	 * file pages under an address-space lock (a spinlock: mm/filemap.c); held briefly,
	 * never across a user copy. */
	struct spinlock lock;
	/* Held by reads, writes, truncation and SEEK_DATA of a regular file, with the file
	 * offset they move (fs/file.c, as Linux's i_rwsem and f_pos_lock in one): a page
	 * read or written cannot be freed meanwhile, writes do not interleave, and an
	 * O_APPEND write's end of file stays the end until it has written. Process context
	 * only; at boot (the initrd) one hart is alone. */
	struct sleeplock io;
	/* Directories: entries in creation order, the last of them (where the next name
	 * goes), the parent (NULL once removed), and once it holds DIR_HASH_MIN names a hash
	 * table of them for lookups (fs/dir.c). */
	struct dirent_node *entries, *last_entry;
	struct inode *parent;
	struct dirent_node **hash;
	uint32_t hash_buckets;  /* a power of two; 0 without a table */
	char *target;           /* a symlink's target */
	const struct file_ops *fops;   /* a device's operations (fs/dev.c) */
	struct pipe *pipe;      /* a pipe's buffer (fs/pipe.c) */
	struct inode *mounted;  /* a directory another file system's root is mounted on */
	/* A generated directory (/proc): brings its entries up to date before a lookup or
	 * a read from its start. */
	void (*revalidate)(struct inode *dir);
	const void *priv;       /* a generated file's own (/proc: what makes its text) */
	struct memfd *memfd;    /* a memfd_create(2) file's name and seals (fs/memfd.c) */
	struct unix_end *sock;  /* a socket's end of its pair (fs/unix_socket.c) */
	int priv_pid;           /* /proc: the process a file is about */
};

struct dirent_node {
	struct dirent_node *next;
	struct dirent_node *hash_next;  /* in its directory's bucket */
	struct inode *inode;
	uint32_t hash;          /* of the name (fs/dir.c, name_hash) */
	size_t len;
	char name[];            /* NUL-terminated */
};

/* The file I/O lock of a regular file (struct inode, io). */
static inline void inode_lock_io(struct inode *ip) { sleeplock_acquire(&ip->io); }
static inline void inode_unlock_io(struct inode *ip) { sleeplock_release(&ip->io); }

/* The namespace lock (docs/locking.md): directory trees, link counts, parent pointers,
 * the inode table (numbers, the count alive) and the freeing of inodes. The name
 * operations and lookups below take it themselves; the dir_* functions and the *_locked
 * variants are for callers that hold it. Nothing under it sleeps or touches user memory.
 * File data and sizes are under each inode's own locks (lock, io); modes, owners and
 * times are single stores under none. */
extern struct spinlock fs_lock;

void fs_init(const struct fs_env *env);
/* The root directory ("/"), which lives forever. */
struct inode *fs_root(void);
/* The path of the first name ip has in the RAM file system, searched from the root (for
 * /proc/PID/maps; fs/path_of.c): 0 with buf filled, or -ENOENT (unlinked, or longer than
 * size). Takes fs_lock. */
int fs_path_of(struct inode *ip, char *buf, size_t size);

/* A new inode with one reference and no names. NULL when out of memory. */
struct inode *inode_alloc(uint32_t mode);
struct inode *inode_alloc_locked(uint32_t mode);
/* A reference to an inode the caller already holds, or found under fs_lock (so that it
 * cannot be freed meanwhile): atomic, no lock needed. */
static inline struct inode *inode_get(struct inode *ip)
{
	__atomic_add_fetch(&ip->refs, 1, __ATOMIC_RELAXED);
	return ip;
}
/* Drops a reference; an inode with neither references nor names is freed, its pages
 * given back. NULL is ignored. */
void inode_put(struct inode *ip);
void inode_put_locked(struct inode *ip);
/* Pages of file data held now. */
uint64_t fs_page_count(void);
/* Inodes alive now (for tests: every one must go when its last name and user do). */
long fs_inode_count(void);

/* Where data moves to or from: copy(buf, data, done, n) moves n bytes between file
 * memory at data and the buffer's byte done, in the direction of the call. Returns 0 or
 * -EFAULT. The kernel passes user addresses, host tests memory. */
struct fs_buf {
	int (*copy)(const struct fs_buf *buf, void *data, uint64_t done, uint64_t n);
	uint64_t addr;
};

/* Reads up to n bytes at off of a regular file: the count (0 at or past the end) or
 * -EFAULT if nothing could be copied. */
long inode_read(struct inode *ip, uint64_t off, uint64_t n, const struct fs_buf *to);
/* Writes n bytes at off, growing the file: the count, or -ENOSPC/-EFBIG/-EFAULT if
 * nothing could be written. */
long inode_write(struct inode *ip, uint64_t off, uint64_t n, const struct fs_buf *from);
/* A buffer of kernel memory to write from. */
struct fs_buf kernel_buf_from(const void *src);
/* The same with kernel memory (exec, the initrd). */
long kernel_read(struct inode *ip, uint64_t off, void *dst, uint64_t n);
long kernel_write(struct inode *ip, uint64_t off, const void *src, uint64_t n);
/* Makes the n whole pages of data at pages, given up by their owner as if env->page_alloc
 * had made them, page indexes index.. index + n - 1 of the regular file ip, which has none
 * there yet: the file grows to the last page's end if shorter, and each page goes back
 * through env->page_free like any other. For the initrd's file data, used where it lies
 * (fs/initramfs.c). 0, or -EEXIST or -ENOSPC (no memory for the page table) with no page
 * taken. */
int inode_adopt_pages(struct inode *ip, uint64_t index, char *pages, uint64_t n);
/* The page holding bytes [index * 4096, (index + 1) * 4096) of a regular file, for
 * mapping it: a hole gets a zeroed page. 0 with *page set; -ENXIO when the page lies
 * wholly past the end (an access there is SIGBUS, as Linux's filemap_fault), -ENOSPC when
 * out of memory. ip->lock held: the caller takes the page's share count before it lets
 * go (mm/filemap.c). */
int inode_page_locked(struct inode *ip, uint64_t index, void **page);
/* Sets a regular file's size: pages past the end are unmapped (env->unmap_pages) and go
 * back, the cut part of the last page is zeroed so that growing again reads zeros.
 * 0, -EFBIG or -ENOSPC. */
int inode_truncate(struct inode *ip, uint64_t size);
/* lseek(2) SEEK_DATA (hole = 0) or SEEK_HOLE (hole = 1) in a regular file, as tmpfs
 * finds them: a missing page is a hole, the end of the file is one. -ENXIO at or past the
 * end. */
int64_t inode_seek_data(struct inode *ip, uint64_t off, int hole);
/* Fills *st as stat(2) reports ip (fs/stat.c). */
void inode_stat(struct inode *ip, struct stat *st);
/* The current time, stamped on changes (whole seconds: env->now's). */
struct fs_time fs_now(void);

/* Directories (fs/dir.c), under fs_lock. name is len bytes, not necessarily
 * NUL-terminated. */
struct inode *dir_lookup(struct inode *dir, const char *name, size_t len);
/* The same without bringing a generated directory up to date first (its revalidate). */
struct inode *dir_lookup_plain(struct inode *dir, const char *name, size_t len);
/* Adds a name for ip (nlink++, and the directory's for a subdirectory). */
int dir_add(struct inode *dir, const char *name, size_t len, struct inode *ip);
/* A name about to be made: dir_lookup, with *hash set to the name's hash, and dir_add
 * with that hash, so that the name is hashed once (the initrd's /bin, 80 names made one
 * after another, hashed each twice). */
struct inode *dir_lookup_to_add(struct inode *dir, const char *name, size_t len,
				uint32_t *hash);
int dir_add_hashed(struct inode *dir, const char *name, size_t len, uint32_t hash,
		   struct inode *ip);
/* Removes a name; the inode goes when its last name and reference are gone. */
void dir_remove(struct inode *dir, const char *name, size_t len);
/* The entry at position pos (0-based, "." and ".." not included), or NULL. */
struct dirent_node *dir_entry_at(struct inode *dir, uint64_t pos);
int dir_is_empty(struct inode *dir);

/* Path lookup (fs/namei.c), from root for absolute paths and cwd for relative ones (cwd
 * may be NULL for an absolute path), with ".", ".." and symbolic links (SYMLOOP_MAX in
 * all before -ELOOP). */
#define LOOKUP_FOLLOW 1     /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 2  /* the result must be a directory */
int fs_lookup(struct inode *root, struct inode *cwd, const char *path, int flags,
	      struct inode **out);
/* The entry name of dir itself (no "." or "..", no symlink followed, no mount crossed),
 * with a reference; NULL if there is none. */
struct inode *fs_lookup_child(struct inode *dir, const char *name);
/* Looks up everything but the last component, which is returned in name (NUL-terminated,
 * at most NAME_MAX bytes; "." and ".." are returned as they are). *trailing_slash says
 * whether the path ended in '/'. */
int fs_lookup_parent(struct inode *root, struct inode *cwd, const char *path,
		     struct inode **dir, char name[NAME_MAX + 1], int *trailing_slash);

/* Name operations (fs/names.c), Linux's errors: each takes the parent from
 * fs_lookup_parent. */
int fs_create(struct inode *dir, const char *name, uint32_t mode, struct inode **out);
int fs_mkdir(struct inode *dir, const char *name, uint32_t mode);
int fs_symlink(struct inode *dir, const char *name, const char *target);
int fs_link(struct inode *dir, const char *name, struct inode *ip);
int fs_unlink(struct inode *dir, const char *name);
int fs_rmdir(struct inode *dir, const char *name);
int fs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
	      int noreplace);

#endif
