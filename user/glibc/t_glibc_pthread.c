/* glibc's NPTL threads, unchanged (static, rv64gc): pthread_create over clone (glibc
 * 2.36 has no clone3 wrapper for riscv64) with CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
 * CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, pthread_join through the
 * futex wake at a thread's exit, and the futexes under mutexes, condition variables,
 * rwlocks and barriers; thread-local storage; pthread_detach; pthread_cancel (SIGCANCEL,
 * signal 32, sent with tgkill); a robust mutex whose owner dies (EOWNERDEAD); a parallel
 * sum over a shared mapping; 2000 short-lived threads. Every return value is checked. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define NTHREADS 4
#define ROUNDS 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return arg;
}

/* Starts n threads running fn(arg i) and joins them; the number that ran. */
static int run_threads(int n, void *(*fn)(void *), void **args)
{
    pthread_t t[16];
    int created = 0, joined = 0;

    for (int i = 0; i < n; i++)
        created += pthread_create(&t[created], NULL, fn, args ? args[i] : NULL) == 0;
    check("pthread_create", created == n);
    for (int i = 0; i < created; i++)
        joined += pthread_join(t[i], NULL) == 0;
    check("pthread_join", joined == created);
    return joined;
}

static void mutex_counter(void)
{
    int n = run_threads(NTHREADS, count, NULL);
    check("mutex counter", counter == (long)n * ROUNDS);
}

/* A bounded queue: producers and consumers on one mutex and two condition variables. */
#define QSIZE 8
#define ITEMS 2000
static struct {
    pthread_mutex_t m;
    pthread_cond_t not_full, not_empty;
    int items[QSIZE];
    int head, count;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
        { 0 }, 0, 0 };
static long consumed_sum;

static void *produce(void *arg)
{
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&q.m);
        while (q.count == QSIZE)
            pthread_cond_wait(&q.not_full, &q.m);
        q.items[(q.head + q.count++) % QSIZE] = i;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.m);
    }
    return NULL;
}

static void *consume(void *arg)
{
    long sum = 0;
    (void)arg;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&q.m);
        while (q.count == 0)
            pthread_cond_wait(&q.not_empty, &q.m);
        sum += q.items[q.head];
        q.head = (q.head + 1) % QSIZE;
        q.count--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.m);
    }
    pthread_mutex_lock(&q.m);
    consumed_sum += sum;
    pthread_mutex_unlock(&q.m);
    return NULL;
}

static void condvar_queue(void)
{
    pthread_t t[4];
    int ok = 1;

    ok &= pthread_create(&t[0], NULL, produce, NULL) == 0;
    ok &= pthread_create(&t[1], NULL, produce, NULL) == 0;
    ok &= pthread_create(&t[2], NULL, consume, NULL) == 0;
    ok &= pthread_create(&t[3], NULL, consume, NULL) == 0;
    check("pthread_create for the queue", ok);
    for (int i = 0; i < 4 && ok; i++)
        check("pthread_join of the queue", pthread_join(t[i], NULL) == 0);
    check("every item consumed once", consumed_sum == 2L * ITEMS * (ITEMS + 1) / 2);
}

/* rwlock: readers see a consistent pair the writers keep equal. */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long pair_a, pair_b;
static int torn;

static void *rw_worker(void *arg)
{
    int writer = arg != NULL;
    for (int i = 0; i < 2000; i++) {
        if (writer) {
            pthread_rwlock_wrlock(&rw);
            pair_a++;
            sched_yield();
            pair_b++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (pair_a != pair_b)
                __atomic_store_n(&torn, 1, __ATOMIC_RELAXED);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

static void rwlock(void)
{
    void *args[4] = { (void *)1, NULL, (void *)1, NULL };
    run_threads(4, rw_worker, args);
    check("rwlock: no reader saw a half-done write", !torn);
    check("rwlock: every write counted", pair_a == 4000 && pair_b == 4000);
}

/* Barrier: nobody passes round r before everyone has reached it. */
static pthread_barrier_t barrier;
static int arrived[NTHREADS];
static int early;

static void *barrier_worker(void *arg)
{
    long id = (long)arg;
    for (int round = 1; round <= 50; round++) {
        __atomic_store_n(&arrived[id], round, __ATOMIC_SEQ_CST);
        int r = pthread_barrier_wait(&barrier);
        if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
            __atomic_store_n(&early, 1, __ATOMIC_RELAXED);
        for (int i = 0; i < NTHREADS; i++)
            if (__atomic_load_n(&arrived[i], __ATOMIC_SEQ_CST) < round)
                __atomic_store_n(&early, 1, __ATOMIC_RELAXED);
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

static void barriers(void)
{
    void *args[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        args[i] = (void *)i;
    check("pthread_barrier_init", pthread_barrier_init(&barrier, NULL, NTHREADS) == 0);
    run_threads(NTHREADS, barrier_worker, args);
    check("barrier: nobody passed early", !early);
    check("pthread_barrier_destroy", pthread_barrier_destroy(&barrier) == 0);
}

/* __thread: each thread its own copy, starting from the initial value. */
static __thread long tls_value = 7;
static long tls_results[NTHREADS];

static void *tls_worker(void *arg)
{
    long id = (long)arg;
    long ok = tls_value == 7;
    tls_value = id * 100;
    sched_yield();
    tls_results[id] = ok && tls_value == id * 100 ? 1 : 0;
    return NULL;
}

static void thread_local(void)
{
    void *args[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        args[i] = (void *)i;
    run_threads(NTHREADS, tls_worker, args);
    for (int i = 0; i < NTHREADS; i++)
        check("__thread variable private to its thread", tls_results[i] == 1);
    check("the main thread's copy untouched", tls_value == 7);
}

/* pthread_detach: the thread's resources go when it exits; nobody joins it. */
static sem_t detached_done;

static void *detached(void *arg)
{
    (void)arg;
    sem_post(&detached_done);
    return NULL;
}

static void detach(void)
{
    pthread_t t;
    check("sem_init", sem_init(&detached_done, 0, 0) == 0);
    check("pthread_create", pthread_create(&t, NULL, detached, NULL) == 0);
    check("pthread_detach", pthread_detach(t) == 0);
    check("sem_wait for the detached thread", sem_wait(&detached_done) == 0);
    pthread_attr_t attr;
    check("pthread_attr_init", pthread_attr_init(&attr) == 0);
    check("PTHREAD_CREATE_DETACHED", pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0);
    check("pthread_create detached", pthread_create(&t, &attr, detached, NULL) == 0);
    check("sem_wait for it", sem_wait(&detached_done) == 0);
    check("pthread_attr_destroy", pthread_attr_destroy(&attr) == 0);
}

/* pthread_cancel: deferred, acted on at a cancellation point (pause here). */
static volatile int cancel_ready;

static void *cancellable(void *arg)
{
    (void)arg;
    cancel_ready = 1;
    for (;;)
        pause();
    return NULL;
}

static void cancel(void)
{
    pthread_t t;
    void *result = NULL;
    check("pthread_create", pthread_create(&t, NULL, cancellable, NULL) == 0);
    while (!cancel_ready)
        sched_yield();
    check("pthread_cancel", pthread_cancel(t) == 0);
    check("pthread_join of a cancelled thread", pthread_join(t, &result) == 0);
    check("its result is PTHREAD_CANCELED", result == PTHREAD_CANCELED);
}

/* A robust mutex whose owner exits holding it: the next locker gets EOWNERDEAD. */
static pthread_mutex_t robust_lock;

static void *die_holding(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&robust_lock);
    return NULL;
}

static void robust(void)
{
    pthread_mutexattr_t a;
    pthread_t t;
    check("pthread_mutexattr_init", pthread_mutexattr_init(&a) == 0);
    check("pthread_mutexattr_setrobust", pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0);
    check("pthread_mutex_init", pthread_mutex_init(&robust_lock, &a) == 0);
    check("pthread_create", pthread_create(&t, NULL, die_holding, NULL) == 0);
    check("pthread_join", pthread_join(t, NULL) == 0);
    check("lock after the owner died: EOWNERDEAD", pthread_mutex_lock(&robust_lock) == EOWNERDEAD);
    check("pthread_mutex_consistent", pthread_mutex_consistent(&robust_lock) == 0);
    check("unlock", pthread_mutex_unlock(&robust_lock) == 0);
    check("pthread_mutexattr_destroy", pthread_mutexattr_destroy(&a) == 0);
}

/* Threads summing disjoint parts of one shared mapping. */
#define WORDS (256 * 1024)
static long *numbers;
static long partial[NTHREADS];

static void *sum_part(void *arg)
{
    long id = (long)arg, sum = 0;
    for (long i = id * (WORDS / NTHREADS); i < (id + 1) * (WORDS / NTHREADS); i++)
        sum += numbers[i];
    partial[id] = sum;
    return NULL;
}

static void parallel_sum(void)
{
    void *args[NTHREADS];
    numbers = mmap(NULL, WORDS * sizeof(long), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check("mmap", numbers != MAP_FAILED);
    if (numbers == MAP_FAILED)
        return;
    for (long i = 0; i < WORDS; i++)
        numbers[i] = i;
    for (long i = 0; i < NTHREADS; i++)
        args[i] = (void *)i;
    run_threads(NTHREADS, sum_part, args);
    long total = 0;
    for (int i = 0; i < NTHREADS; i++)
        total += partial[i];
    check("parallel sum", total == (long)WORDS * (WORDS - 1) / 2);
    check("munmap", munmap(numbers, WORDS * sizeof(long)) == 0);
}

/* Thousands of short-lived threads, each joined: thread ids differ from the process's. */
static void *report_tid(void *arg)
{
    (void)arg;
    return (void *)(long)syscall(SYS_gettid);
}

static void many(void)
{
    int bad = 0;
    for (int i = 0; i < 2000 && !bad; i++) {
        pthread_t t;
        void *tid = NULL;
        if (pthread_create(&t, NULL, report_tid, NULL) != 0 || pthread_join(t, &tid) != 0 ||
            (long)tid == getpid())
            bad = i + 1;
    }
    check("2000 threads created and joined", !bad);
}

int main(void)
{
    mutex_counter();
    condvar_queue();
    rwlock();
    barriers();
    thread_local();
    detach();
    cancel();
    robust();
    parallel_sum();
    many();
    return failures != 0;
}
