/* runtests [--no-leak-check] [NAME...]: runs each test program (all of them, or the ones
 * named) as its own process, one at a time, and prints one line per test:
 *     RESULT <name> PASS
 *     RESULT <name> FAIL (exit N | signal N | leaked N pages | execve error -E)
 * then "runtests: N passed, M failed", and exits 0 only if none failed.
 *
 * Leak check: the free RAM that sysinfo reports must be the same after the test has been
 * reaped as before it started (--no-leak-check skips it, for hosts where other processes
 * change that number, such as Linux under qemu-user). */
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "programs.h"

#define PAGE_BYTES 4096
#define PATH_MAX_LEN 128

/* Free RAM in pages, or -1 if sysinfo fails. */
static long free_pages(void)
{
    struct sysinfo info;

    if (sys_sysinfo(&info) < 0)
        return -1;
    return (long)(info.freeram * info.mem_unit / PAGE_BYTES);
}

/* The stack grows on demand, one page at a time, so the runner's own first descent into
 * vfork/execve/wait4 could take pages between the two free-RAM readings and look like the
 * test's leak. Touching the stack's next pages once up front makes that settle beforehand. */
static void touch_stack(void)
{
    volatile char pages[8 * PAGE_BYTES];

    for (unsigned long i = 0; i < sizeof(pages); i += PAGE_BYTES)
        pages[i] = 0;
}

/* Runs one test; prints its RESULT line and returns 1 if it passed. */
static int run_test(const char *name, int leak_check)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof(path), "/bin/%s", name);
    char *argv[] = { path, NULL };

    long before = free_pages();
    long pid = spawn(path, argv, environ);
    if (pid < 0) {
        printf("RESULT %s FAIL (execve error %ld)\n", name, pid);
        return 0;
    }
    int status = 0;
    long waited = sys_wait4((int)pid, &status, 0, NULL);
    long after = free_pages();

    if (waited != pid) {
        printf("RESULT %s FAIL (wait4 error %ld)\n", name, waited);
        return 0;
    }
    if (WIFSIGNALED(status)) {
        printf("RESULT %s FAIL (signal %d)\n", name, WTERMSIG(status));
        return 0;
    }
    if (WEXITSTATUS(status) != 0) {
        printf("RESULT %s FAIL (exit %d)\n", name, WEXITSTATUS(status));
        return 0;
    }
    if (leak_check && before != after) {
        printf("RESULT %s FAIL (leaked %ld pages)\n", name, before - after);
        return 0;
    }
    printf("RESULT %s PASS\n", name);
    return 1;
}

int main(int argc, char **argv)
{
    int leak_check = 1;
    int first_name = 1;

    if (argc > 1 && strcmp(argv[1], "--no-leak-check") == 0) {
        leak_check = 0;
        first_name = 2;
    }
    touch_stack();

    /* The names given, or else every test. */
    const char *const *names = first_name < argc ? (const char *const *)&argv[first_name]
                                                 : test_programs;
    int passed = 0;
    int failed = 0;
    for (; *names; names++) {
        if (run_test(*names, leak_check))
            passed++;
        else
            failed++;
    }
    printf("runtests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
