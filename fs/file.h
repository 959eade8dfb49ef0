/* Open file descriptions (open(2): "the entry in the system-wide table of open files"):
 * an inode, an offset and the status flags, shared by every descriptor dup'ed from it and
 * by fork. The per-process descriptor table lives in struct proc (fs/fdtable.c). */
#ifndef FS_FILE_H
#define FS_FILE_H
#include <stdint.h>
#include "abi/fcntl.h"
#include "fs/inode.h"
#include "kernel/spinlock.h"

struct file;
struct proc;

/* What a kind of file does. read and write move n bytes between the user buffer at ubuf
 * and the file at *off (which they advance; pipes and devices may ignore it), returning
 * the count or -errno. Missing operations fail as Linux does for that kind. */
struct file_ops {
	long (*read)(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off);
	long (*write)(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off);
	void (*release)(struct file *f);   /* the last descriptor closed */
	int seekable;                      /* 0: lseek says ESPIPE */
	/* poll(2): the POLL* events ready now (abi/poll.h). NULL: always readable and
	 * writable, as Linux's DEFAULT_POLLMASK for files without a poll operation. */
	int (*poll)(struct file *f);
	/* write from kernel memory at buf (sendfile(2)); NULL: EINVAL there. */
	long (*write_kernel)(struct file *f, const void *buf, uint64_t n, uint64_t *off);
	/* open(2) of a device, with open's flags (O_NOCTTY): 0 or -errno (the open fails). */
	int (*open)(struct file *f, int flags);
	/* ioctl(2); NULL: only FIONREAD on pipes and regular files, ENOTTY for the rest. */
	long (*ioctl)(struct file *f, uint64_t request, uint64_t arg);
};

struct file {
	int refs;
	struct inode *ip;
	uint64_t off;
	int flags;        /* open(2) flags: the access mode and O_APPEND, O_NONBLOCK, O_PATH */
	const struct file_ops *ops;
};

static inline int file_readable(const struct file *f)
{
	return !(f->flags & O_PATH) && (f->flags & O_ACCMODE) != O_WRONLY &&
	       (f->flags & O_ACCMODE) != 3;
}

static inline int file_writable(const struct file *f)
{
	return !(f->flags & O_PATH) && ((f->flags & O_ACCMODE) == O_WRONLY ||
					(f->flags & O_ACCMODE) == O_RDWR);
}

/* A new open file description of ip (which it takes a reference to), with the
 * operations of ip's kind. NULL when out of memory. */
struct file *file_alloc(struct inode *ip, int flags);
static inline struct file *file_get(struct file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}
/* Drops a reference; the last one releases the file and its inode reference. */
void file_put(struct file *f);
/* The most one read, write or sendfile moves, as Linux's MAX_RW_COUNT (INT_MAX rounded
 * down to a page): larger counts are shortened, not refused. */
#define MAX_RW_COUNT ((1UL << 31) - 4096)
/* read/write through f->ops with the checks every kind shares (access mode, O_APPEND). */
long file_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off);
long file_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off);
/* Where a write of f goes: to the end if f was opened with O_APPEND (open(2)), pwrite's
 * too, as on Linux (pwrite(2), BUGS); the caller holds the inode's I/O lock. */
void file_append_position(const struct file *f, uint64_t *off);
/* A regular file's read (its data in pages, fs/inode.c), for file types that read as
 * one (memfd). */
long file_read_regular(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off);

/* What f is ready for now (fs/poll.c), through f->ops->poll or the default. */
int file_poll(struct file *f);

/* A user buffer, for inode_read (to) or inode_write (from). */
struct fs_buf user_buf_to(uint64_t ubuf);
struct fs_buf user_buf_from(uint64_t ubuf);

/* A descriptor table (fs/fdtable.c), shared by the threads of a process and by clone
 * with CLONE_FILES: refs counts the processes using it (atomic); the lock guards
 * files[] and cloexec[]. References to files are dropped after it is released
 * (file_put may wake processes: proc_lock). */
#define NOFILE 256            /* descriptors per process (RLIMIT_NOFILE) */

struct fd_table {
	int refs;
	struct spinlock lock;
	struct file *files[NOFILE];   /* open descriptors, NULL when free */
	uint64_t cloexec[NOFILE / 64];   /* FD_CLOEXEC, a bit per descriptor */
};

/* An empty table (init's): NULL when out of memory. */
struct fd_table *fd_table_create(void);
/* fork without CLONE_FILES: a copy holding its own references; NULL when out of memory. */
struct fd_table *fd_table_copy(struct fd_table *t);
/* The last put closes every descriptor and frees the table. */
void fd_table_put(struct fd_table *t);
static inline void fd_table_get(struct fd_table *t)
{
	__atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
}

/* The current process's table. fget: the open file behind fd with a reference taken
 * (Linux's fget), or NULL (EBADF) if fd is not open; the caller drops it with file_put.
 * A thread's close of fd meanwhile only takes the descriptor away: the file stays
 * until every read, write or other call using it has put its reference. */
struct file *fget(int64_t fd);
/* The lowest free descriptor >= min, or -EMFILE. */
int fd_lowest_free(int min);
/* Puts f (the caller's reference, taken over) in the lowest free descriptor >= min:
 * the descriptor, or -EMFILE (the reference is then dropped). */
int fd_install(struct file *f, int min, int cloexec);
int fd_close(int64_t fd);
int fd_get_cloexec(int fd);
void fd_set_cloexec(int fd, int on);
/* dup2/dup3: f (the caller's reference, taken over) at fd, closing what was there. */
void fd_install_at(struct file *f, int fd, int cloexec);
/* execve(2): descriptors marked close-on-exec are closed. */
void fd_exec(struct proc *p);
/* The inode of the file open at fd in p's table, NULL if none; no reference is taken
 * (the caller holds fs_lock, under which no inode is freed). */
struct inode *fd_inode_of(struct proc *p, int fd);

#endif
