/* The directory a path lookup starts from, changed and removed by another thread while
 * the lookup runs (fs/at.c takes a reference for the lookup): threads sharing the working
 * directory (CLONE_FS) open a relative name in a loop, and a dirfd, while one thread
 * chdir()s into fresh directories and out again, removing each, and another closes the
 * dirfd and removes its directory. Each open finds the file (from the base directory) or
 * fails with ENOENT (from a directory that is empty or removed) or EBADF (the dirfd
 * closed); anything else, or a kernel report of a freed inode used, fails (the runner's
 * leak check follows). Every return value is checked. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define BASE "/tmp/t_glibc_cwdrace.d"
#define ROUNDS 2000
#define NREADERS 3
#define DIRFD 100

static volatile int changers_done;
static int harts;
static long found[NREADERS], absent[NREADERS], closed[NREADERS], wrong[NREADERS];

static void pin(long id)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(id % harts, &set);
    check("pin to a hart", sched_setaffinity(0, sizeof(set), &set) == 0);
}

static void *reader(void *arg)
{
    long id = (long)arg;

    pin(id + 1);
    while (!__atomic_load_n(&changers_done, __ATOMIC_ACQUIRE)) {
        int fd = open("f", O_RDONLY);
        if (fd >= 0) {
            found[id]++;
            if (close(fd) != 0)
                wrong[id]++;
        } else if (errno == ENOENT) {
            absent[id]++;
        } else {
            wrong[id]++;
        }
        fd = openat(DIRFD, "f", O_RDONLY);
        if (fd >= 0) {
            wrong[id]++;   /* the dirfd's directory is always empty */
            close(fd);
        } else if (errno == EBADF) {
            closed[id]++;
        } else if (errno == ENOENT) {
            absent[id]++;
        } else {
            wrong[id]++;
        }
    }
    return NULL;
}

/* Into a fresh directory, remove it, and back out: the last reference of the removed
 * directory goes with the chdir out. */
static int cwd_bad;

static void *cwd_changer(void *arg)
{
    (void)arg;
    pin(0);
    for (int i = 0; i < ROUNDS; i++)
        if (mkdir(BASE "/d", 0755) != 0 || chdir(BASE "/d") != 0 || rmdir(BASE "/d") != 0 ||
            chdir(BASE) != 0)
            cwd_bad++;
    return NULL;
}

/* A directory open as DIRFD, then closed and removed: the file's reference was its last. */
static int dirfd_bad;

static void *dirfd_changer(void *arg)
{
    (void)arg;
    pin(NREADERS + 1);
    for (int i = 0; i < ROUNDS; i++) {
        int fd = -1;
        if (mkdir(BASE "/e", 0755) != 0 || (fd = open(BASE "/e", O_RDONLY | O_DIRECTORY)) < 0 ||
            dup2(fd, DIRFD) != DIRFD || close(fd) != 0 || close(DIRFD) != 0 ||
            rmdir(BASE "/e") != 0)
            dirfd_bad++;
    }
    return NULL;
}

int main(void)
{
    pthread_t readers[NREADERS], changers[2];

    harts = (int)sysconf(_SC_NPROCESSORS_ONLN);
    check("harts online", harts >= 1);
    if (harts < 1)
        return 1;
    check("mkdir base", mkdir(BASE, 0755) == 0);
    int fd = open(BASE "/f", O_WRONLY | O_CREAT, 0644);
    check("create f", fd >= 0 && close(fd) == 0);
    check("chdir base", chdir(BASE) == 0);
    for (long i = 0; i < NREADERS; i++)
        check("pthread_create", pthread_create(&readers[i], NULL, reader, (void *)i) == 0);
    check("pthread_create", pthread_create(&changers[0], NULL, cwd_changer, NULL) == 0);
    check("pthread_create", pthread_create(&changers[1], NULL, dirfd_changer, NULL) == 0);
    for (int i = 0; i < 2; i++)
        check("pthread_join", pthread_join(changers[i], NULL) == 0);
    __atomic_store_n(&changers_done, 1, __ATOMIC_RELEASE);
    for (int i = 0; i < NREADERS; i++)
        check("pthread_join", pthread_join(readers[i], NULL) == 0);
    check("every chdir, mkdir and rmdir worked", cwd_bad == 0);
    check("every dirfd open, close and rmdir worked", dirfd_bad == 0);
    for (int i = 0; i < NREADERS; i++) {
        if (wrong[i])
            printf("FAIL: reader %d: %ld opens neither found f nor failed with ENOENT/EBADF\n",
                   i, wrong[i]);
        failures += wrong[i] != 0;
    }
    check("back to /", chdir("/") == 0);
    check("unlink f", unlink(BASE "/f") == 0);
    check("rmdir base", rmdir(BASE) == 0);
    return failures != 0;
}
