/* Threads sharing one address space while it changes under them (docs/memory.md, TLB
 * rules): several threads keep reading or writing a page while the main thread unmaps it
 * or makes it read-only; once munmap or mprotect has returned, no thread may still reach
 * the old page through a stale translation. With several harts QEMU keeps a TLB per hart,
 * so a missing remote flush shows here as a read of the old value or a write that lands.
 * Also: threads faulting the same and different pages of one mapping at once, and fork
 * while threads fault. The runner's leak check follows. */
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"
#include "threadlib.h"

#define WORKERS 3
#define ROUNDS 20
#define SENTINEL 0x5e5e5e5e5e5e5e5eUL

static volatile uint64_t *page;        /* the page under test */
static volatile long phase;            /* 2 * round + 1: mapped; 2 * round + 2: changed */
static volatile long seen[WORKERS];    /* the last odd phase each worker saw the page in */
static volatile long attempts[WORKERS];   /* accesses each worker made since the change */
static volatile long stale[WORKERS];   /* accesses that went through a stale translation */
static volatile int stop;

static uint64_t magic(long round)
{
    return 0xabcd000000000000UL | (uint64_t)round;
}

/* A fault steps over the access (4 bytes: not compressed), leaving SENTINEL. */
static void skip(int sig, struct k_siginfo *info, void *ucp)
{
    (void)sig, (void)info;
    ((struct k_ucontext *)ucp)->uc_mcontext.pc += 4;
}

static uint64_t load(volatile uint64_t *p)
{
    uint64_t v = SENTINEL;
    __asm__ volatile(".option push\n .option norvc\n ld %0, 0(%1)\n .option pop"
                     : "+r"(v) : "r"(p) : "memory");
    return v;
}

static void store(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile(".option push\n .option norvc\n sd %1, 0(%0)\n .option pop"
                     :: "r"(p), "r"(v) : "memory");
}

/* Waits until every worker has used the page in phase ph, so that each hart running one
 * holds its translation when the mapping changes. */
static void wait_seen(long ph)
{
    for (int w = 0; w < WORKERS; w++)
        for (long i = 0; seen[w] != ph; i++) {
            check_true("workers make progress", i < 50000000, w);
            sys_sched_yield();
        }
}

/* Waits until every worker has tried the page n times since the change. */
static void wait_attempts(long n)
{
    for (int w = 0; w < WORKERS; w++)
        for (long i = 0; attempts[w] < n; i++) {
            check_true("workers make progress", i < 50000000, w);
            sys_sched_yield();
        }
}

static int reader(void *arg)
{
    int id = (int)(long)arg;
    while (!stop) {
        long ph = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
        uint64_t v = load(page);
        if (ph % 2) {
            if (v == magic(ph / 2))
                seen[id] = ph;
        } else if (ph) {
            if (v == magic(ph / 2 - 1))
                stale[id]++;   /* read the unmapped page */
            attempts[id]++;
        }
    }
    return 0;
}

/* munmap while others read: after it returns, every read faults. */
static void munmap_while_reading(void)
{
    struct thread t[WORKERS];
    set_handler(SIGSEGV, skip, 0, 0);
    page = map_anon(PAGE_SIZE);
    stop = 0;
    for (int w = 0; w < WORKERS; w++)
        thread_start(&t[w], 0, reader, (void *)(long)w);
    for (long round = 0; round < ROUNDS; round++) {
        if (round) {
            void *p = (void *)sys_mmap((void *)page, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            check_eq("mmap again at the same place", (long)p, (long)page);
        }
        page[0] = magic(round);
        __atomic_store_n(&phase, 2 * round + 1, __ATOMIC_RELEASE);
        wait_seen(2 * round + 1);
        for (int w = 0; w < WORKERS; w++)
            attempts[w] = 0;
        check_eq("munmap", sys_munmap((void *)page, PAGE_SIZE), 0);
        __atomic_store_n(&phase, 2 * round + 2, __ATOMIC_RELEASE);
        wait_attempts(30);
    }
    stop = 1;
    for (int w = 0; w < WORKERS; w++) {
        thread_join(&t[w]);
        check_eq("no read of an unmapped page", stale[w], 0);
    }
}

static int writer(void *arg)
{
    int id = (int)(long)arg;
    while (!stop) {
        long ph = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
        if (ph % 2) {
            store(&page[1 + id], (uint64_t)ph);
            seen[id] = ph;
        } else if (ph) {
            store(&page[1 + id], (uint64_t)ph);   /* must fault: the page is read-only */
            attempts[id]++;
        }
    }
    return 0;
}

/* mprotect read-only while others write: after it returns, every write faults. */
static void mprotect_while_writing(void)
{
    struct thread t[WORKERS];
    set_handler(SIGSEGV, skip, 0, 0);
    page = map_anon(PAGE_SIZE);
    stop = 0;
    for (int w = 0; w < WORKERS; w++) {
        seen[w] = attempts[w] = 0;
        thread_start(&t[w], 0, writer, (void *)(long)w);
    }
    for (long round = 0; round < ROUNDS; round++) {
        check_eq("mprotect read-write",
                 sys_mprotect((void *)page, PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
        __atomic_store_n(&phase, 2 * round + 1, __ATOMIC_RELEASE);
        wait_seen(2 * round + 1);
        for (int w = 0; w < WORKERS; w++)
            attempts[w] = 0;
        check_eq("mprotect read-only", sys_mprotect((void *)page, PAGE_SIZE, PROT_READ), 0);
        uint64_t before[WORKERS];
        for (int w = 0; w < WORKERS; w++)
            before[w] = page[1 + w];
        __atomic_store_n(&phase, 2 * round + 2, __ATOMIC_RELEASE);
        wait_attempts(30);
        for (int w = 0; w < WORKERS; w++)
            check_eq("no write to a read-only page", (long)page[1 + w], (long)before[w]);
    }
    stop = 1;
    for (int w = 0; w < WORKERS; w++)
        thread_join(&t[w]);
    check_eq("munmap", sys_munmap((void *)page, PAGE_SIZE), 0);
}

#define FAULT_PAGES 256
static volatile uint64_t *area;

/* Every thread adds 1 to word 0 of every page (the same pages faulted at once) and
 * writes its own word of every page (different words of one page). */
static int toucher(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 0; i < FAULT_PAGES; i++) {
        volatile uint64_t *p = area + (uint64_t)((i * 7 + id * 61) % FAULT_PAGES) * 512;
        __atomic_fetch_add(&p[0], 1, __ATOMIC_RELAXED);
        p[1 + id] = (uint64_t)id + 1;
    }
    return 0;
}

static void concurrent_faults(void)
{
    struct thread t[WORKERS];
    area = map_anon(FAULT_PAGES * PAGE_SIZE);
    for (int w = 0; w < WORKERS; w++)
        thread_start(&t[w], 0, toucher, (void *)(long)w);
    toucher((void *)(long)WORKERS);
    for (int w = 0; w < WORKERS; w++)
        thread_join(&t[w]);
    for (int i = 0; i < FAULT_PAGES; i++) {
        volatile uint64_t *p = area + (uint64_t)i * 512;
        check_eq("every thread's add", (long)p[0], WORKERS + 1);
        for (int w = 0; w <= WORKERS; w++)
            check_eq("every thread's word", (long)p[1 + w], w + 1);
    }
    check_eq("munmap", sys_munmap((void *)area, FAULT_PAGES * PAGE_SIZE), 0);
}

/* Threads keep faulting in pages and writing them while the main thread forks: each
 * child sees a consistent copy (every word a thread completed holds its value). */
static int grower(void *arg)
{
    int id = (int)(long)arg;
    for (long n = 0; !stop; n++) {
        volatile uint64_t *p = area + ((uint64_t)(n % (FAULT_PAGES / WORKERS)) * WORKERS +
                                       (uint64_t)id) * 512;
        p[1] = (uint64_t)n;
        /* p[1] is at least n whenever p[0] says n + 1 */
        __atomic_store_n(&p[0], (uint64_t)n + 1, __ATOMIC_RELEASE);
    }
    return 0;
}

static void fork_while_faulting(void)
{
    struct thread t[WORKERS];
    area = map_anon(FAULT_PAGES * PAGE_SIZE);
    stop = 0;
    for (int w = 0; w < WORKERS; w++)
        thread_start(&t[w], 0, grower, (void *)(long)w);
    for (int i = 0; i < 20; i++) {
        long pid = fork();
        if (pid == 0) {
            for (int k = 0; k < FAULT_PAGES; k++) {
                volatile uint64_t *p = area + (uint64_t)k * 512;
                if (p[0] && p[1] + 1 < p[0])
                    sys_exit(3);
            }
            sys_exit(0);
        }
        check_true("fork", pid > 0, pid);
        check_exited_with("child's copy is consistent", wait_status("wait", pid, 0), 0);
    }
    stop = 1;
    for (int w = 0; w < WORKERS; w++)
        thread_join(&t[w]);
    check_eq("munmap", sys_munmap((void *)area, FAULT_PAGES * PAGE_SIZE), 0);
}

int main(void)
{
    munmap_while_reading();
    mprotect_while_writing();
    concurrent_faults();
    fork_while_faulting();
    return 0;
}
