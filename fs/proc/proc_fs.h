/* /proc (proc(5)): a second file system, mounted on the root's /proc at boot. Its tree is
 * made of ordinary inodes of the file-system core with proc_sb as their file system:
 * directories list their entries, and the root and each process directory bring
 * themselves up to date (revalidate) before a lookup or a listing, so that
 * getdents64 lists the live pids. A file's text is made afresh by each read, from the
 * process its inode names (priv_pid) or the whole machine. Private to fs/proc/. */
#ifndef FS_PROC_PROC_FS_H
#define FS_PROC_PROC_FS_H
#include <stddef.h>
#include "fs/inode.h"

struct proc;
struct dt_info;

/* The text of one read, at most PROC_TEXT_MAX bytes (longer output is cut). */
#define PROC_TEXT_MAX 65536
struct proc_text {
	char *buf;
	size_t len;
};
void text_printf(struct proc_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_put(struct proc_text *t, const void *data, size_t n);

/* Makes a file's text. Per-process files get their process, held under proc_lock (so
 * they must not sleep, allocate or touch user memory); machine-wide ones get NULL and
 * run without the lock. 0 or -errno. */
typedef int (*proc_show_fn)(struct proc_text *t, struct proc *p);

struct proc_entry {
	const char *name;
	proc_show_fn show;
};

extern const struct fs_sb proc_sb;
struct file_ops;
extern const struct file_ops proc_file_ops;
/* /proc/PID/pagemap's operations: binary, not text (fs/proc/pid_pagemap.c). */
extern const struct file_ops proc_pagemap_ops;
/* The device tree the machine came up with (cpuinfo). */
extern const struct dt_info *proc_dt;

/* Adds name to dir: a generated file (show), a directory (show NULL, S_IFDIR mode) or a
 * symlink (S_IFLNK, target). The inode, still held by its name only, or NULL. */
struct inode *proc_add(struct inode *dir, const char *name, uint32_t mode,
		       const struct proc_entry *e, int pid, const char *target);
/* Sets a symlink's target, if it changed. 0 or -ENOMEM. */
int proc_set_target(struct inode *link, const char *target);
/* Removes every entry of dir, then dir's own name from parent. */
void proc_remove_dir(struct inode *parent, struct inode *dir);

/* A process directory's contents (fs/proc/pid.c), and its fd directory (pid_fd.c). */
int proc_fill_pid_dir(struct inode *dir, int pid);
int proc_fill_fd_dir(struct inode *dir);
/* Its task directory, a directory per thread (pid_task.c). */
int proc_fill_task_dir(struct inode *dir);

/* The show functions. */
int show_meminfo(struct proc_text *t, struct proc *p);
int show_cpuinfo(struct proc_text *t, struct proc *p);
int show_uptime(struct proc_text *t, struct proc *p);
int show_loadavg(struct proc_text *t, struct proc *p);
int show_version(struct proc_text *t, struct proc *p);
int show_mmap_min_addr(struct proc_text *t, struct proc *p);
int show_mounts(struct proc_text *t, struct proc *p);
int show_filesystems(struct proc_text *t, struct proc *p);
int show_stat(struct proc_text *t, struct proc *p);
struct mm;
/* The address space of process pid, held by a reference (mm_put), or NULL if it has none
 * or is gone (fs/proc/file.c). */
struct mm *proc_pid_mm(int pid);
int show_pid_stat(struct proc_text *t, struct proc *p);
int show_pid_status(struct proc_text *t, struct proc *p);
int show_pid_cmdline(struct proc_text *t, struct proc *p);
int show_pid_comm(struct proc_text *t, struct proc *p);
int show_pid_maps(struct proc_text *t, struct proc *p);
int show_pid_smaps(struct proc_text *t, struct proc *p);
int show_pid_smaps_rollup(struct proc_text *t, struct proc *p);
struct vma;
/* A range's line of /proc/PID/maps (fs/proc/pid_maps.c), which smaps repeats. */
void show_maps_line(struct proc_text *t, const struct vma *v);

#endif
