/* Raw threads for the tests (no libc support): clone with a stack of its own, a
 * function to run, and the tid cleared and futex-woken at exit (CLONE_CHILD_CLEARTID),
 * which join waits for, as glibc's pthread_join does. */
#ifndef USER_THREADLIB_H
#define USER_THREADLIB_H
#include <stdint.h>

/* What pthread_create asks for (glibc's clone flags, less CLONE_SETTLS). */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
                      CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define THREAD_STACK (64 * 1024)

struct thread {
    volatile int tid;   /* set by CLONE_PARENT_SETTID, cleared at the thread's exit */
    int id;             /* clone's result */
    char *stack;
};

/* clone(flags, top of stack, ...) with fn(arg) run on the new stack in the child, which
 * then exits (SYS_exit) with fn's result. Returns clone's result in the caller. */
long clone_fn(unsigned long flags, void *stack_top, int *parent_tid, unsigned long tls,
              int *child_tid, int (*fn)(void *), void *arg);
/* The same through clone3: args->stack and stack_size must leave 16 bytes above the
 * child's stack pointer (stack + stack_size) for fn and arg. */
struct clone_args;
long clone3_fn(struct clone_args *args, int (*fn)(void *), void *arg);
/* A thread with THREAD_FLAGS | extra running fn(arg): fails the test if clone does. */
void thread_start(struct thread *t, unsigned long extra, int (*fn)(void *), void *arg);
/* Waits until t has exited (its tid cleared), then frees its stack. */
void thread_join(struct thread *t);

long sys_futex(volatile int *uaddr, int op, int val, const void *timeout, volatile int *uaddr2,
               int val3);
long sys_gettid(void);

#endif
