/* Page faults of one address space on several harts at once (the address-space lock is
 * shared by faults, docs/locking.md), each worker thread pinned to its own hart when there
 * are enough:
 * - disjoint pages: 4 threads fault in, fill and check their own parts of one mapping,
 *   drop them (MADV_DONTNEED) and fault them in again, while a fifth thread maps, fills,
 *   checks, mprotects and unmaps other ranges;
 * - the same pages: 4 threads write their own word of every page of a fresh mapping at
 *   once (anonymous demand-zero, a memfd's shared pages, and pages shared copy-on-write
 *   with a forked child), then each checks every thread's word in every page. A page
 *   installed twice loses one thread's words, and the page not kept is leaked, which the
 *   runner's leak check after the test catches.
 * Every return value is checked. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NWORKERS 4
#define PAGE 4096L
#define SLICE_PAGES 128          /* each worker's part of the disjoint mapping */
#define DISJOINT_ROUNDS 8
#define RACE_PAGES 64            /* pages of each same-page round */
#define RACE_ROUNDS 16
#define CHURN_PAGES 8

static pthread_barrier_t start;
static int harts;
static volatile int workers_done;

/* Runs the calling thread on hart (id % harts): each worker on a hart of its own when the
 * machine has 4. */
static void pin(long id)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(id % harts, &set);
    check("pin to a hart", sched_setaffinity(0, sizeof(set), &set) == 0);
}

static uint64_t word_of(long worker, long page, long round)
{
    return 0x5a5a000000000000UL ^ ((uint64_t)worker << 40) ^ ((uint64_t)page << 16) ^
           (uint64_t)round;
}

/* Disjoint pages: each worker its own slice, rounds of fault-in, check, drop. */
static char *disjoint;
static int disjoint_bad[NWORKERS];

static void *disjoint_worker(void *arg)
{
    long id = (long)arg;
    char *slice = disjoint + id * SLICE_PAGES * PAGE;

    pin(id);
    pthread_barrier_wait(&start);
    for (long round = 0; round < DISJOINT_ROUNDS; round++) {
        for (long p = 0; p < SLICE_PAGES; p++) {
            uint64_t *w = (uint64_t *)(slice + p * PAGE);
            if (w[0] != 0 || w[PAGE / 8 - 1] != 0)   /* a fresh page: zeros */
                disjoint_bad[id]++;
            w[0] = word_of(id, p, round);
            w[PAGE / 8 - 1] = ~word_of(id, p, round);
        }
        for (long p = 0; p < SLICE_PAGES; p++) {
            uint64_t *w = (uint64_t *)(slice + p * PAGE);
            if (w[0] != word_of(id, p, round) || w[PAGE / 8 - 1] != ~word_of(id, p, round))
                disjoint_bad[id]++;
        }
        if (madvise(slice, SLICE_PAGES * PAGE, MADV_DONTNEED) != 0)
            disjoint_bad[id]++;
    }
    return NULL;
}

/* Maps, fills, checks, mprotects and unmaps ranges of its own while the workers fault. */
static int churn_bad, churn_rounds;

static void *churner(void *arg)
{
    (void)arg;
    pin(NWORKERS);
    pthread_barrier_wait(&start);
    while (!__atomic_load_n(&workers_done, __ATOMIC_ACQUIRE) || churn_rounds < 4) {
        char *m = mmap(NULL, CHURN_PAGES * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            churn_bad++;
            break;
        }
        for (long p = 0; p < CHURN_PAGES; p++)
            m[p * PAGE] = (char)(p + 1);
        if (mprotect(m, CHURN_PAGES * PAGE, PROT_READ) != 0)
            churn_bad++;
        for (long p = 0; p < CHURN_PAGES; p++)
            if (m[p * PAGE] != (char)(p + 1))
                churn_bad++;
        if (munmap(m, CHURN_PAGES * PAGE) != 0)
            churn_bad++;
        churn_rounds++;
    }
    return NULL;
}

static void disjoint_pages(void)
{
    pthread_t t[NWORKERS + 1];
    long len = NWORKERS * SLICE_PAGES * PAGE;

    disjoint = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap the disjoint mapping", disjoint != MAP_FAILED);
    if (disjoint == MAP_FAILED)
        return;
    check("barrier", pthread_barrier_init(&start, NULL, NWORKERS + 1) == 0);
    workers_done = 0;
    for (long i = 0; i < NWORKERS; i++)
        check("pthread_create", pthread_create(&t[i], NULL, disjoint_worker, (void *)i) == 0);
    check("pthread_create", pthread_create(&t[NWORKERS], NULL, churner, NULL) == 0);
    for (int i = 0; i < NWORKERS; i++)
        check("pthread_join", pthread_join(t[i], NULL) == 0);
    __atomic_store_n(&workers_done, 1, __ATOMIC_RELEASE);
    check("pthread_join", pthread_join(t[NWORKERS], NULL) == 0);
    for (int i = 0; i < NWORKERS; i++)
        check("every disjoint page zero when fresh and then holding its words",
              disjoint_bad[i] == 0);
    check("the ranges mapped meanwhile were right", churn_bad == 0);
    check("barrier destroy", pthread_barrier_destroy(&start) == 0);
    check("munmap", munmap(disjoint, len) == 0);
}

/* The same pages: every worker writes its word of each page, then checks all of them. */
static uint64_t *race;
static long race_round;
static pthread_barrier_t written;
static int race_bad[NWORKERS];

static void *race_worker(void *arg)
{
    long id = (long)arg;

    pin(id);
    pthread_barrier_wait(&start);
    for (long p = 0; p < RACE_PAGES; p++)
        race[p * (PAGE / 8) + id] = word_of(id, p, race_round);
    pthread_barrier_wait(&written);
    for (long p = 0; p < RACE_PAGES; p++)
        for (long w = 0; w < NWORKERS; w++)
            if (race[p * (PAGE / 8) + w] != word_of(w, p, race_round))
                race_bad[id]++;
    return NULL;
}

static void race_on(uint64_t *pages, const char *what)
{
    pthread_t t[NWORKERS];

    race = pages;
    for (long i = 0; i < NWORKERS; i++)
        check("pthread_create", pthread_create(&t[i], NULL, race_worker, (void *)i) == 0);
    for (int i = 0; i < NWORKERS; i++)
        check("pthread_join", pthread_join(t[i], NULL) == 0);
    for (int i = 0; i < NWORKERS; i++)
        if (race_bad[i]) {
            printf("FAIL: %s, round %ld: worker %d saw %d words wrong\n", what, race_round, i,
                   race_bad[i]);
            failures++;
            race_bad[i] = 0;
        }
}

static void same_pages(void)
{
    long len = RACE_PAGES * PAGE;
    int fd = memfd_create("t_glibc_mmpar", 0);

    check("memfd_create", fd >= 0);
    check("ftruncate", ftruncate(fd, len) == 0);
    check("barrier", pthread_barrier_init(&start, NULL, NWORKERS) == 0);
    check("barrier", pthread_barrier_init(&written, NULL, NWORKERS) == 0);
    for (race_round = 0; race_round < RACE_ROUNDS; race_round++) {
        /* Anonymous demand-zero pages. */
        uint64_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                           -1, 0);
        check("mmap anonymous", m != MAP_FAILED);
        if (m == MAP_FAILED)
            break;
        race_on(m, "same anonymous pages");

        /* Pages shared copy-on-write with a child that waits: every write copies. */
        int go[2];
        check("pipe", pipe(go) == 0);
        pid_t child = fork();
        if (child == 0) {
            char c;
            _exit(read(go[0], &c, 1) == 1 && m[1] == word_of(1, 0, race_round) ? 0 : 1);
        }
        check("fork", child > 0);
        race_round += RACE_ROUNDS;   /* new words over the shared ones */
        race_on(m, "same copy-on-write pages");
        race_round -= RACE_ROUNDS;
        check("release the child", write(go[1], "x", 1) == 1);
        int status;
        check("waitpid", waitpid(child, &status, 0) == child);
        check("the child kept its copy", WIFEXITED(status) && WEXITSTATUS(status) == 0);
        check("close", close(go[0]) == 0 && close(go[1]) == 0);
        check("munmap", munmap(m, len) == 0);

        /* A memfd's pages, shared: one page of the file for every fault. */
        check("fresh file pages", ftruncate(fd, 0) == 0 && ftruncate(fd, len) == 0);
        m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        check("mmap memfd", m != MAP_FAILED);
        if (m == MAP_FAILED)
            break;
        race_on(m, "same shared file pages");
        check("munmap", munmap(m, len) == 0);
    }
    check("barrier destroy", pthread_barrier_destroy(&start) == 0);
    check("barrier destroy", pthread_barrier_destroy(&written) == 0);
    check("close", close(fd) == 0);
}

int main(void)
{
    harts = (int)sysconf(_SC_NPROCESSORS_ONLN);
    check("harts online", harts >= 1);
    if (harts < 1)
        return 1;
    disjoint_pages();
    same_pages();
    return failures != 0;
}
