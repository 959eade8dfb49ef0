#include <errno.h>
#include <syscall.h>
#include <sys/mman.h>
#include <unistd.h>

#include "abi/futex.h"
#include "testlib.h"
#include "threadlib.h"

long clone_fn(unsigned long flags, void *stack_top, int *parent_tid, unsigned long tls,
              int *child_tid, int (*fn)(void *), void *arg)
{
    unsigned long *sp = (unsigned long *)((unsigned long)stack_top & ~15UL) - 2;
    sp[0] = (unsigned long)fn;
    sp[1] = (unsigned long)arg;
    register long a0 __asm__("a0") = (long)flags;
    register long a1 __asm__("a1") = (long)sp;
    register long a2 __asm__("a2") = (long)parent_tid;
    register long a3 __asm__("a3") = (long)tls;
    register long a4 __asm__("a4") = (long)child_tid;
    register long a7 __asm__("a7") = SYS_clone;

    /* The child starts on sp with fn and arg at its top; it never returns here. */
    __asm__ volatile("ecall\n"
                     "bnez a0, 1f\n"
                     "ld t0, 0(sp)\n"
                     "ld a0, 8(sp)\n"
                     "jalr t0\n"
                     "li a7, %[exit]\n"
                     "ecall\n"
                     "1:\n"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a7)
                     : [exit] "i"(SYS_exit)
                     : "memory", "t0", "ra");
    return a0;
}

long clone3_fn(struct clone_args *args, int (*fn)(void *), void *arg)
{
    /* The child's sp is stack + stack_size: fn and arg go in the 16 bytes above it. */
    unsigned long *sp = (unsigned long *)(args->stack + args->stack_size);
    sp[0] = (unsigned long)fn;
    sp[1] = (unsigned long)arg;
    register long a0 __asm__("a0") = (long)args;
    register long a1 __asm__("a1") = (long)sizeof(*args);
    register long a7 __asm__("a7") = SYS_clone3;

    __asm__ volatile("ecall\n"
                     "bnez a0, 1f\n"
                     "ld t0, 0(sp)\n"
                     "ld a0, 8(sp)\n"
                     "jalr t0\n"
                     "li a7, %[exit]\n"
                     "ecall\n"
                     "1:\n"
                     : "+r"(a0), "+r"(a1), "+r"(a7)
                     : [exit] "i"(SYS_exit)
                     : "memory", "t0", "ra");
    return a0;
}

void thread_start(struct thread *t, unsigned long extra, int (*fn)(void *), void *arg)
{
    t->stack = map_anon(THREAD_STACK);
    t->tid = -1;
    t->id = (int)clone_fn(THREAD_FLAGS | extra, t->stack + THREAD_STACK, (int *)&t->tid, 0,
                          (int *)&t->tid, fn, arg);
    check_true("clone of a thread", t->id > 0, t->id);
}

void thread_join(struct thread *t)
{
    for (int tid; (tid = t->tid) != 0;) {
        long r = sys_futex(&t->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
        check_true("futex wait for a thread's exit", r == 0 || r == -EAGAIN || r == -EINTR, r);
    }
    check_eq("munmap of a thread's stack", sys_munmap(t->stack, THREAD_STACK), 0);
}

long sys_futex(volatile int *uaddr, int op, int val, const void *timeout, volatile int *uaddr2,
               int val3)
{
    return syscall6(SYS_futex, (long)uaddr, op, val, (long)timeout, (long)uaddr2, val3);
}

long sys_gettid(void)
{
    return syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0);
}
