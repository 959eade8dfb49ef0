/* The workload "a pthread program on 4 harts" (user/bench/bench_smp.c runs it on -smp 4
 * and counts it whole, fork to wait4): four threads of a static glibc program
 *   1. each writes its quarter of a shared 8 MiB mapping (demand-zero faults in one
 *      address space on several harts), a barrier, then each sums another quarter;
 *   2. each adds 1 to a shared counter 20,000 times under one pthread mutex;
 *   3. two producers and two consumers pass 20,000 numbers through a 16-slot queue under
 *      a mutex and two condition variables.
 * Exits 0 if every result is right. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define THREADS 4
#define AREA (8UL << 20)
#define WORDS (AREA / sizeof(unsigned long))
#define INCREMENTS 20000
#define ITEMS 20000
#define SLOTS 16

static unsigned long *area;
static pthread_barrier_t barrier;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long sums, counter;

static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static unsigned long queue[SLOTS], produced_sum, consumed_sum;
static unsigned head, tail, count;

static void *fill_and_sum(void *arg)
{
    long id = (long)arg;
    unsigned long quarter = WORDS / THREADS, sum = 0;

    for (unsigned long i = id * quarter; i < (id + 1) * quarter; i++)
        area[i] = i;
    pthread_barrier_wait(&barrier);
    long other = (id + 1) % THREADS;
    for (unsigned long i = other * quarter; i < (other + 1) * quarter; i++)
        sum += area[i];
    pthread_mutex_lock(&lock);
    sums += sum;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *count_up(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

/* Started as threads 0 and 2: producers 0 and 1, each every other number. */
static void *produce(void *arg)
{
    long id = (long)arg / 2;
    for (unsigned long i = id; i < ITEMS; i += 2) {
        pthread_mutex_lock(&lock);
        while (count == SLOTS)
            pthread_cond_wait(&not_full, &lock);
        queue[tail] = i;
        tail = (tail + 1) % SLOTS;
        count++;
        produced_sum += i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *consume(void *arg)
{
    (void)arg;
    for (int n = 0; n < ITEMS / 2; n++) {
        pthread_mutex_lock(&lock);
        while (count == 0)
            pthread_cond_wait(&not_empty, &lock);
        consumed_sum += queue[head];
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

/* Thread i runs fns[i]((void *)i); all are joined. */
static int run_all(void *(*fns[THREADS])(void *))
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, fns[i], (void *)i) != 0)
            return -1;
    for (int i = 0; i < THREADS; i++)
        if (pthread_join(t[i], NULL) != 0)
            return -1;
    return 0;
}

int main(void)
{
    area = mmap(NULL, AREA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || pthread_barrier_init(&barrier, NULL, THREADS) != 0) {
        puts("bench_pthread: set-up failed");
        return 1;
    }
    void *(*fills[THREADS])(void *) = { fill_and_sum, fill_and_sum, fill_and_sum, fill_and_sum };
    void *(*counters[THREADS])(void *) = { count_up, count_up, count_up, count_up };
    void *(*queues[THREADS])(void *) = { produce, consume, produce, consume };
    if (run_all(fills) != 0 || run_all(counters) != 0 || run_all(queues) != 0)
        return 1;
    int ok = sums == WORDS * (WORDS - 1) / 2 && counter == THREADS * INCREMENTS &&
             consumed_sum == produced_sum && produced_sum == (unsigned long)ITEMS * (ITEMS - 1) / 2;
    if (!ok)
        printf("bench_pthread: wrong results: sum %lu, counter %lu, queue %lu/%lu\n", sums,
               counter, produced_sum, consumed_sum);
    return ok ? 0 : 1;
}
