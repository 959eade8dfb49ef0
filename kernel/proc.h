/* Processes: each has its own address space (mm), a kernel stack with a guard page,
 * and a saved user register frame at the top of that stack. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include <stdint.h>
#include "abi/signal.h"
#include "abi/resource.h"
#include "kernel/cpu.h"
#include "kernel/usage.h"
#include "devicetree/dt.h"
#include "fs/file.h"
#include "kernel/thread.h"
#include "riscv/fpu.h"
#include "syscall/syscall.h"
#include "mm/kstack.h"
#include "mm/uvm.h"
#include "trap/frame.h"

struct file;
struct inode;
struct tty;

#define NPROC 128
#define PROC_NAME_LEN 32
#define PROC_EXE_LEN 128


/* Registers kept across context_switch (kernel/switch.S): the callee-saved ones, and gp
 * and t3..t6, which the kernel's C code never touches and which hold a process's user
 * values while it is in a system call (docs/traps.md). */
struct context {
	uint64_t ra, sp;
	uint64_t s[12];
	uint64_t gp, t[4];
};

/* EMBRYO: a slot taken by proc_alloc, not yet set up (nothing may run or signal it).
 * STOPPED: by a stop signal, until SIGCONT or SIGKILL (kernel/signal.c). */
enum proc_state {
	PROC_UNUSED, PROC_EMBRYO, PROC_RUNNABLE, PROC_RUNNING, PROC_SLEEPING, PROC_STOPPED,
	PROC_ZOMBIE
};

/* A process is a thread group of one or more threads (kernel/thread.h, docs/threads.md);
 * each thread has a struct proc (its pid is the thread's tid) pointing at what it shares.
 * Fields that other threads read or change (state, pgid, parent, wait_channel,
 * wake_time, the signal state, wait_status, vfork_parent) are guarded by proc_lock
 * (kernel/sched.h). */
struct proc {
	enum proc_state state;
	int pid;                      /* the thread's id: gettid(); the group's is tg->tgid */
	/* The harts it may run on (bit i: cpus[i]), sched_setaffinity(2); under proc_lock. */
	uint64_t cpus_allowed;
	int pgid;                     /* process group (kernel/pgrp.c) */
	int sid;                      /* session (tty/session.c) */
	struct tty *tty;              /* controlling terminal, NULL if none (tty/session.c) */
	char name[PROC_NAME_LEN];
	char exe[PROC_EXE_LEN];       /* path of the running program, for /proc/self/exe */
	/* Its parent process (the leader of the group that forked it); for every thread of
	 * a group the leader's parent. */
	struct proc *parent;
	int adopted;                  /* an orphan init adopted: the kernel reaps it */
	int autoreap;                 /* a zombie nobody waits for: freed once off its stack */
	struct mm *mm;                /* CLONE_VM: shared, counted by mm->users */
	struct fd_table *fdt;         /* CLONE_FILES (fs/file.h) */
	struct fs_info *fs;           /* CLONE_FS */
	struct sighand *sighand;      /* CLONE_SIGHAND */
	struct thread_group *tg;      /* CLONE_THREAD */
	struct kstack kstack;
	struct trap_frame *tf;        /* user registers, at the top of the kernel stack */
	struct context context;
	const void *wait_channel;     /* what a sleeping process waits for */
	uint64_t wake_time;           /* rdtime value that ends a timed sleep, 0 if none */
	int killed;                   /* signal to die of on the way back to user mode */
	int exiting;                  /* the thread is past exit's point of no return */
	/* Set (signal_work_set) whenever killed, sig_pending, sig_queued or the group's
	 * sig_queued may have become nonzero (a new thread starts with it set): the return to
	 * user mode tests this word, not the four fields (trap/entry.S); user_return_check
	 * clears it once they are zero. */
	int sig_work;
	uint64_t sig_pending;         /* stops to act on; fatal signals held while stopped */
	int wait_status;              /* Linux wait status, once a zombie */
	/* Thread-directed and blocked signals (kernel/sig*.c), under proc_lock. */
	uint64_t sig_blocked;         /* bit sig - 1 */
	uint64_t sig_queued;          /* to deliver to a handler, or blocked; info below */
	uint64_t sig_waited;          /* rt_sigtimedwait's set while it sleeps */
	struct k_siginfo sig_info[NSIG];
	uint64_t sig_saved_mask;      /* rt_sigsuspend: the mask the handler's frame restores */
	int sig_restore_mask;         /* sig_saved_mask is set */
	uint64_t sig_restart_a0;      /* a0 of a system call that a signal interrupted */
	k_stack_t sig_altstack;       /* sigaltstack(2); only the thread itself touches it */
	struct proc *vfork_parent;    /* parent suspended until we exec or exit */
	/* CPU time, user and system together, in rdtime ticks: run() in kernel/sched.c adds
	 * each stretch from switch in (run_start) to switch out; usage.user is its user part. */
	uint64_t cpu_time;
	uint64_t run_start;
	struct usage usage;           /* the other counts (kernel/usage.c) */
	uint64_t start_time;          /* rdtime when the slot was taken (/proc/PID/stat) */
	uint64_t clear_child_tid;     /* CLONE_CHILD_CLEARTID / set_tid_address; 0 if none */
	uint64_t robust_list;         /* set_robust_list(2) head, 0 if none (kernel/futex_robust.c) */
	struct fp_state fp;           /* FP registers while another process has them */
	int fp_cpu;                   /* index + 1 of the hart holding them, 0 if none (riscv/fpu.c) */
	struct unknown_syscalls unknown_syscalls;   /* logged already (syscall/syscall.c) */
};

/* Process 1, the first program: it adopts orphans and ends the system when it exits. */
extern struct proc *init_proc;

/* The process running on this hart (NULL in the scheduler). */
static inline struct proc *current_proc(void) { return this_cpu()->current; }

/* Loads init from the initrd (or panics with the reason) and makes it runnable. */
void proc_start_init(const struct dt_info *dt);

/* Ends the current thread with a Linux wait status (exit(2)); the last thread of a group
 * ends the process (kernel/exit.c). Never returns. */
__attribute__((noreturn)) void proc_exit(int wait_status);
/* execve from a thread (kernel/exit.c, Linux de_thread): the other threads are killed
 * and waited for, and the caller takes the leader's pid. 0 or -EINTR (being killed). */
long proc_de_thread(void);
/* Ends every thread of the current group (exit_group(2), a fatal signal); the first
 * caller's status is the group's. Never returns. */
__attribute__((noreturn)) void proc_group_exit(int wait_status);
/* Kills the current process for a fault it cannot survive, with a console line. */
__attribute__((noreturn)) void proc_die(int signal, const char *why, uint64_t addr, uint64_t pc);

/* clone(2) (kernel/clone.c): flags (with the exit signal), the child's stack pointer (0:
 * the caller's), its tp for CLONE_SETTLS, and where CLONE_PARENT_SETTID and
 * CLONE_CHILD_SETTID/CLONE_CHILD_CLEARTID want the child's tid. */
struct clone_request {
	uint64_t flags, stack, tls, parent_tid, child_tid;
};
long proc_clone(const struct clone_request *req);
/* clone3(2): the user's struct clone_args of size bytes. */
long proc_clone3(uint64_t uargs, uint64_t size);
/* A fresh slot with a kernel stack whose first switch lands in proc_entry, not yet
 * runnable; proc_discard gives back one that never ran. */
struct proc *proc_alloc(void);
void proc_discard(struct proc *p);
long proc_wait4(int pid, uint64_t status_addr, int options, uint64_t rusage_addr);
int proc_count(void);
/* Resource limits (kernel/rlimit.c): Linux's defaults for init; a limit of p; the
 * descriptor limit of the current process (at most NOFILE); the limits the address space
 * enforces itself copied into p->mm (after fork, exec and every change). */
void rlimit_init(struct proc *p);
uint64_t rlimit(const struct proc *p, int resource);
int rlimit_nofile(void);
void rlimit_to_mm(struct proc *p);
/* prlimit64(2): the current process or pid; new and old are kernel copies or NULL. */
long rlimit_prlimit(int pid, int resource, const struct rlimit *new, struct rlimit *old);
/* Calls fn for the address space of every process that has one (a vfork child's is its
 * parent's: seen twice), under that mm's lock: fn must not sleep. */
void proc_for_each_mm(void (*fn)(struct mm *mm, void *arg), void *arg);
/* The process (zombies included) with this pid, or NULL; proc_lock held. */
struct proc *proc_find(int pid);
/* Process groups (kernel/pgrp.c): setpgid(2) and getpgid(2). */
long proc_setpgid(int pid, int pgid);
long proc_getpgid(int pid);
/* p is exiting (proc_lock held, its children not yet given to init): groups its exit
 * orphans that have a stopped member get SIGHUP and SIGCONT. */
void pgrp_exit_orphans(struct proc *p);
/* Frees a zombie's slot and kernel stack and drops its signal actions and thread group;
 * proc_lock held, the zombie off its stack. */
void proc_release(struct proc *p);

/* Thread-id addresses (kernel/tid.c). clone's stores for a child set up but not yet
 * running, with clone's flags: */
void clone_store_tids(struct proc *child, uint64_t flags, uint64_t parent_tid,
		      uint64_t child_tid);
/* The current process is leaving its address space (exit, exec): clear_child_tid. */
void proc_clear_child_tid(void);

/* Program loading (kernel/exec.c): path through the file system. Replaces the current
 * process's image and closes its close-on-exec descriptors; on failure the old image is
 * untouched. proc_execve takes kernel arrays (init's), proc_execve_user execve's user
 * addresses. */
long proc_execve(const char *path, char *const argv[], char *const envp[]);
long proc_execve_user(const char *path, uint64_t argv, uint64_t envp);

#define W_EXITCODE(code) (((code) & 0xff) << 8)
#define W_SIGNALED(sig) ((sig) & 0x7f)

#endif
