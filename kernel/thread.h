/* What the threads of a process share (Linux clone(2)): each is a reference-counted
 * structure that a struct proc points to, shared by clone with the matching flag and
 * copied otherwise (kernel/thread.c). The descriptor table (CLONE_FILES) is in
 * fs/file.h; the address space (CLONE_VM) is struct mm, counted by mm->users. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H
#include <stdint.h>
#include "abi/resource.h"
#include "abi/signal.h"
#include "kernel/spinlock.h"
#include "kernel/usage.h"

struct inode;
struct proc;

/* CLONE_FS: the working directory and umask. The lock guards both (chdir, umask). */
struct fs_info {
	int refs;                     /* atomic */
	struct spinlock lock;
	struct inode *cwd;
	uint32_t umask;
};

/* CLONE_SIGHAND: the signal actions; under proc_lock like all signal state. */
struct sighand {
	int refs;                     /* atomic */
	struct k_sigaction action[NSIG];   /* index sig - 1 */
};

/* CLONE_THREAD: the thread group, Linux's signal_struct. Under proc_lock, except refs
 * (atomic). */
struct thread_group {
	int refs;                     /* the threads pointing here, zombies included */
	int tgid;                     /* the leader's pid: getpid() */
	int live;                     /* threads not yet exited */
	/* Threads not yet zombies: those live and those still in proc_exit, giving back
	 * what they held. The group is dead for wait4 only at 0, so a parent that reaps it
	 * finds every page its threads used already free (kernel/exit.c). */
	int unfinished;
	struct proc *leader;          /* its slot stays, a zombie if need be, until reaped */
	int group_exit;               /* exit_group or a fatal signal: the others die */
	int group_exit_status;        /* the Linux wait status of the group then */
	uint64_t sig_queued;          /* pending for the whole group (kill), bit sig - 1 */
	struct k_siginfo sig_info[NSIG];
	int stop_report;              /* stopped by this signal, not yet seen by wait4 */
	int cont_report;              /* continued, not yet seen by wait4 */
	struct rlimit rlim[RLIM_NLIMITS];   /* kernel/rlimit.c; inherited by fork, kept by exec */
	uint64_t alarm_at;            /* rdtime of ITIMER_REAL's expiry, 0 if disarmed */
	uint64_t alarm_interval;      /* its reload in rdtime ticks, 0 for one shot */
	/* Of the threads that have exited, so the group's totals survive them. */
	uint64_t exited_cpu_time;
	struct usage exited_usage;
	uint64_t children_cpu_time;   /* of the children reaped, and of theirs (wait4) */
	struct usage children_usage;
};

/* New structures for a process made from nothing (init): NULL when out of memory. */
struct fs_info *fs_info_create(struct inode *cwd, uint32_t umask);
struct sighand *sighand_create(void);
struct thread_group *thread_group_create(int tgid, struct proc *leader);
/* A copy for a child that does not share (fork): NULL when out of memory. */
struct fs_info *fs_info_copy(struct fs_info *fs);
struct sighand *sighand_copy(const struct sighand *sh);
/* The working directory with a reference of the caller's (inode_put it): taken under the
 * lock, so another thread's chdir cannot drop the last reference first (path lookups
 * start there, fs/at.c). */
struct inode *fs_info_cwd(struct fs_info *fs);
/* Take and drop references; the last put frees (and drops the cwd). */
void fs_info_get(struct fs_info *fs);
void fs_info_put(struct fs_info *fs);
void sighand_get(struct sighand *sh);
void sighand_put(struct sighand *sh);
void thread_group_put(struct thread_group *tg);

/* The leader's process group, session and terminal given to every other thread of its
 * group (after setpgid, setsid); proc_lock held. */
void thread_group_copy_ids(const struct proc *leader);
/* Whether p leads its thread group (its pid is the group's). */
int thread_is_leader(const struct proc *p);

#endif
