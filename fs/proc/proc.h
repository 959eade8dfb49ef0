/* /proc, mounted at boot (fs/proc/). */
#ifndef FS_PROC_PROC_H
#define FS_PROC_PROC_H

struct dt_info;

/* Makes /proc on the root (if the initrd did not) and mounts the proc file system
 * there; dt is kept for /proc/cpuinfo. 0 or -errno. */
int proc_mount(const struct dt_info *dt);

/* Removes the process directories nobody uses: they are made again at the next look
 * into /proc. Called when a child is reaped, so that a gone process's directory goes
 * at once (proc_flush_pid), and the memory the directories took comes back. */
void proc_prune(void);

#endif
