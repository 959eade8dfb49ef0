/* futex(2) with Linux's semantics, through the raw system call: FUTEX_WAIT (EAGAIN when
 * the word differs, ETIMEDOUT after a relative timeout, EINTR for a signal with a
 * handler), FUTEX_WAKE, the bitset forms (an absolute timeout, on CLOCK_REALTIME too),
 * FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP, private and shared futexes (a
 * MAP_SHARED word between two processes), the errors (EINVAL, EFAULT, ENOSYS), and the
 * robust list: a thread that dies holding a robust futex leaves it FUTEX_OWNER_DIED
 * with its waiter woken. Timeouts are checked by their result only, never by how long
 * they took. */
#include <errno.h>
#include <signal.h>
#include <syscall.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi/futex.h"
#include "testlib.h"
#include "threadlib.h"

#define PRIV(op) ((op) | FUTEX_PRIVATE_FLAG)

static volatile int word, word2;
static volatile int started, finished;

static void errors(void)
{
    struct timespec bad = { .tv_sec = 0, .tv_nsec = 1000000000 };
    struct timespec zero = { 0, 0 };

    word = 1;
    check_eq("FUTEX_WAIT on a differing value", sys_futex(&word, PRIV(FUTEX_WAIT), 0, NULL, NULL, 0), -EAGAIN);
    check_eq("FUTEX_WAIT misaligned", sys_futex((volatile int *)((char *)&word + 1), FUTEX_WAIT, 1, NULL, NULL, 0), -EINVAL);
    check_eq("FUTEX_WAIT on an unmapped address", sys_futex((volatile int *)8, FUTEX_WAIT, 0, NULL, NULL, 0), -EFAULT);
    check_eq("FUTEX_WAKE on an unmapped address", sys_futex((volatile int *)8, FUTEX_WAKE, 1, NULL, NULL, 0), -EFAULT);
    check_eq("FUTEX_WAIT with a bad timeout", sys_futex(&word, FUTEX_WAIT, 1, &bad, NULL, 0), -EINVAL);
    check_eq("FUTEX_WAIT timing out at once", sys_futex(&word, PRIV(FUTEX_WAIT), 1, &zero, NULL, 0), -ETIMEDOUT);
    check_eq("FUTEX_WAIT_BITSET with bitset 0", sys_futex(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0), -EINVAL);
    check_eq("FUTEX_WAKE_BITSET with bitset 0", sys_futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), -EINVAL);
    check_eq("FUTEX_CLOCK_REALTIME with FUTEX_WAIT", sys_futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), -ENOSYS);
    check_eq("FUTEX_LOCK_PI", sys_futex(&word, FUTEX_LOCK_PI, 0, NULL, NULL, 0), -ENOSYS);
    check_eq("FUTEX_UNLOCK_PI", sys_futex(&word, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0), -ENOSYS);
    check_eq("an unknown operation", sys_futex(&word, 99, 0, NULL, NULL, 0), -ENOSYS);
    check_eq("FUTEX_REQUEUE with a negative count", sys_futex(&word, FUTEX_REQUEUE, 1, (void *)-1L, &word2, 0), -EINVAL);
    check_eq("FUTEX_WAKE with nobody waiting", sys_futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
    check_eq("FUTEX_WAKE_OP with an unknown comparison", sys_futex(&word, FUTEX_WAKE_OP, 1, (void *)1L, &word2, 0x0f000000), -ENOSYS);
}

/* Timeouts: relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET on either clock. */
static void timeouts(void)
{
    struct timespec rel = { .tv_sec = 0, .tv_nsec = 5000000 }, now;

    word = 3;
    check_eq("FUTEX_WAIT times out", sys_futex(&word, PRIV(FUTEX_WAIT), 3, &rel, NULL, 0), -ETIMEDOUT);
    check_eq("clock_gettime", sys_clock_gettime(CLOCK_MONOTONIC, &now), 0);
    now.tv_nsec += 5000000;
    if (now.tv_nsec >= 1000000000) {
        now.tv_sec++;
        now.tv_nsec -= 1000000000;
    }
    check_eq("FUTEX_WAIT_BITSET until an absolute time",
             sys_futex(&word, PRIV(FUTEX_WAIT_BITSET), 3, &now, NULL, -1), -ETIMEDOUT);
    check_eq("clock_gettime", sys_clock_gettime(CLOCK_REALTIME, &now), 0);
    now.tv_sec -= 1;   /* already past */
    check_eq("FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME until a past time",
             sys_futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 3, &now, NULL, -1), -ETIMEDOUT);
}

/* A waiter thread: FUTEX_WAIT_BITSET on *arg's word with its bitset; records the result. */
struct waiter {
    volatile int *uaddr;
    int op;
    int bitset;
    volatile long result;
    struct thread t;
};

static int wait_thread(void *arg)
{
    struct waiter *w = arg;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    w->result = sys_futex(w->uaddr, w->op, 0, NULL, NULL, w->bitset);
    __atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
    return 0;
}

/* How many wait on uaddr: a FUTEX_REQUEUE from the word to itself that wakes none moves
 * (and counts) them all. */
static long queued(volatile int *uaddr)
{
    return sys_futex(uaddr, PRIV(FUTEX_REQUEUE), 0, (void *)1000L, uaddr, 0);
}

/* Until n threads sleep on uaddr (they run when this one yields). */
static void until_queued(volatile int *uaddr, long n)
{
    for (long i = 0; queued(uaddr) != n; i++) {
        check_true("waiters reach their sleep", i < 1000000, queued(uaddr));
        sys_sched_yield();
    }
}

static void start_waiters(struct waiter *w, int n, volatile int *uaddr, int op, int bitset)
{
    started = finished = 0;
    for (int i = 0; i < n; i++) {
        w[i].uaddr = uaddr;
        w[i].op = op;
        w[i].bitset = bitset;
        w[i].result = 1;
        thread_start(&w[i].t, 0, wait_thread, &w[i]);
    }
    until_queued(uaddr, n);
}

/* Wakes until the waiters are woken (each wake counted), n at a time. */
static long wake(volatile int *uaddr, int op, int n, int bitset)
{
    return sys_futex(uaddr, op, n, NULL, NULL, bitset);
}

static void wait_and_wake(void)
{
    struct waiter w[3];

    word = 0;
    start_waiters(w, 3, &word, PRIV(FUTEX_WAIT_BITSET), 1);
    check_eq("nobody woken before the wake", finished, 0);
    check_eq("FUTEX_WAKE_BITSET with a bitset nobody waits on", wake(&word, PRIV(FUTEX_WAKE_BITSET), 3, 2), 0);
    check_eq("FUTEX_REQUEUE counts the waiters it moves", queued(&word), 3);
    check_eq("FUTEX_WAKE wakes one", wake(&word, PRIV(FUTEX_WAKE), 1, 0), 1);
    check_eq("FUTEX_WAKE_BITSET wakes the rest", wake(&word, PRIV(FUTEX_WAKE_BITSET), 5, 1), 2);
    for (int i = 0; i < 3; i++) {
        thread_join(&w[i].t);
        check_eq("a woken FUTEX_WAIT returns 0", w[i].result, 0);
    }
}

/* FUTEX_CMP_REQUEUE: wake one, move the others to word2, where a wake finds them. */
static void requeue(void)
{
    struct waiter w[3];

    word = 0;
    word2 = 0;
    start_waiters(w, 3, &word, PRIV(FUTEX_WAIT_BITSET), -1);
    check_eq("FUTEX_CMP_REQUEUE with a differing value",
             sys_futex(&word, PRIV(FUTEX_CMP_REQUEUE), 1, (void *)10L, &word2, 1), -EAGAIN);
    check_eq("FUTEX_CMP_REQUEUE wakes 1 and moves 2",
             sys_futex(&word, PRIV(FUTEX_CMP_REQUEUE), 1, (void *)10L, &word2, 0), 3);
    check_eq("nobody left on the first word", wake(&word, PRIV(FUTEX_WAKE), 10, 0), 0);
    check_eq("FUTEX_REQUEUE moves them back, waking none",
             sys_futex(&word2, PRIV(FUTEX_REQUEUE), 0, (void *)10L, &word, 0), 2);
    check_eq("the moved waiters wake on the first word", wake(&word, PRIV(FUTEX_WAKE), 10, 0), 2);
    for (int i = 0; i < 3; i++) {
        thread_join(&w[i].t);
        check_eq("a requeued waiter returns 0", w[i].result, 0);
    }
}

/* FUTEX_WAKE_OP: word2 = op(word2, oparg) atomically, then the comparison of its old
 * value decides whether word2's waiters are woken too. */
static int wake_op_encode(int op, int cmp, int oparg, int cmparg)
{
    return (op << 28) | (cmp << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff);
}

static void wake_op(void)
{
    struct waiter w1, w2;

    word = 0;
    word2 = 5;
    started = finished = 0;
    w1 = (struct waiter){ .uaddr = &word, .op = PRIV(FUTEX_WAIT_BITSET), .bitset = -1, .result = 1 };
    thread_start(&w1.t, 0, wait_thread, &w1);
    until_queued(&word, 1);
    check_eq("FUTEX_WAKE_OP ADD, comparison false: word's waiter only",
             sys_futex(&word, PRIV(FUTEX_WAKE_OP), 1, (void *)1L, &word2,
                       wake_op_encode(FUTEX_OP_ADD, FUTEX_OP_CMP_GT, 3, 10)), 1);
    check_eq("word2 = 5 + 3", word2, 8);
    thread_join(&w1.t);

    started = finished = 0;
    word2 = 0;
    w2 = (struct waiter){ .uaddr = &word2, .op = PRIV(FUTEX_WAIT_BITSET), .bitset = -1, .result = 1 };
    thread_start(&w2.t, 0, wait_thread, &w2);
    until_queued(&word2, 1);
    check_eq("FUTEX_WAKE_OP SET with a shift, old value 0 == 0: word2's waiter too",
             sys_futex(&word, PRIV(FUTEX_WAKE_OP), 1, (void *)1L, &word2,
                       wake_op_encode(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, FUTEX_OP_CMP_EQ, 4, 0)), 1);
    check_eq("word2 = 1 << 4", word2, 16);
    thread_join(&w2.t);
    check_eq("woken through WAKE_OP", w2.result, 0);
}

/* A signal with a handler ends a FUTEX_WAIT with EINTR. */
static void on_usr1(int sig, struct k_siginfo *info, void *uc)
{
    (void)sig, (void)info, (void)uc;
}

static void interrupted(void)
{
    struct waiter w;

    set_handler(SIGUSR1, on_usr1, 0, 0);
    word = 0;
    start_waiters(&w, 1, &word, PRIV(FUTEX_WAIT_BITSET), -1);
    check_eq("tgkill the waiter", sys_tgkill((int)sys_getpid(), w.t.id, SIGUSR1), 0);
    thread_join(&w.t);
    check_eq("FUTEX_WAIT interrupted by a handler", w.result, -EINTR);
}

/* A shared futex: parent and child wait and wake through a MAP_SHARED word. The word
 * stays 0, so the child's wait cannot miss: the parent wakes until a wake finds the
 * child asleep (on several harts the child may not be asleep yet at the first tries). */
static void shared_between_processes(void)
{
    volatile int *shared = map_shared(4096);
    long pid = fork();
    if (pid == 0)
        sys_exit(sys_futex(&shared[0], FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
    check_true("fork", pid > 0, pid);
    long woken = 0;
    for (int i = 0; i < 100000 && !woken; i++) {   /* until the child is asleep */
        woken = sys_futex(&shared[0], FUTEX_WAKE, 1, NULL, NULL, 0);
        if (!woken)
            sys_sched_yield();
    }
    check_eq("the shared wake reached the other process", woken, 1);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("the child woken through the shared word", status, 0);
    check_eq("munmap", sys_munmap((void *)shared, 4096), 0);
}

/* Robust list: the thread takes the lock (its tid in the word, with FUTEX_WAITERS as a
 * waiter set it) and exits without unlocking; the kernel marks the word and wakes. */
struct robust_lock {
    unsigned long next;          /* struct robust_list */
    volatile int futex;
};
static struct robust_list_head head;
static struct robust_lock lock;

static int take_and_die(void *arg)
{
    (void)arg;
    head.list = (unsigned long)&lock;
    head.futex_offset = (long)((char *)&lock.futex - (char *)&lock);
    head.list_op_pending = 0;
    lock.next = (unsigned long)&head;
    lock.futex = (int)sys_gettid() | (int)FUTEX_WAITERS;
    check_eq("set_robust_list", syscall6(SYS_set_robust_list, (long)&head, sizeof(head), 0, 0, 0, 0), 0);
    unsigned long got_head = 0, got_len = 0;
    check_eq("get_robust_list", syscall6(SYS_get_robust_list, 0, (long)&got_head, (long)&got_len, 0, 0, 0), 0);
    check_eq("get_robust_list's head", (long)got_head, (long)&head);
    check_eq("get_robust_list's length", (long)got_len, sizeof(head));
    started = 1;
    while (!finished)   /* until the waiter is about to sleep */
        sys_sched_yield();
    return 0;   /* exits holding the lock */
}

static void robust(void)
{
    struct thread t;

    check_eq("set_robust_list with a wrong length", syscall6(SYS_set_robust_list, (long)&head, 8, 0, 0, 0, 0), -EINVAL);
    started = finished = 0;
    thread_start(&t, 0, take_and_die, NULL);
    while (!started)
        sys_sched_yield();
    int owner = lock.futex;
    finished = 1;
    long r = sys_futex(&lock.futex, FUTEX_WAIT, owner, NULL, NULL, 0);
    check_true("waiting on the dead owner's lock", r == 0 || r == -EAGAIN, r);
    thread_join(&t);
    check_eq("the lock says its owner died", lock.futex, (int)(FUTEX_OWNER_DIED | FUTEX_WAITERS));
}

int main(void)
{
    errors();
    timeouts();
    wait_and_wake();
    requeue();
    wake_op();
    interrupted();
    shared_between_processes();
    robust();
    return 0;
}
