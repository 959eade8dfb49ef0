/* glibc's NPTL threads, unchanged (static, rv64gc): pthread_create and pthread_join over
 * clone3/clone with CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
 * CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, and the
 * futexes under its mutexes. */
#include <pthread.h>
#include <stdio.h>
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

static void mutex_counter(void)
{
    pthread_t t[NTHREADS];
    int created = 0;

    for (int i = 0; i < NTHREADS; i++)
        created += pthread_create(&t[i], NULL, count, NULL) == 0;
    check("pthread_create", created == NTHREADS);
    for (int i = 0; i < created; i++)
        check("pthread_join", pthread_join(t[i], NULL) == 0);
    check("mutex counter", counter == (long)created * ROUNDS);
}

int main(void)
{
    mutex_counter();
    return failures != 0;
}
