/* The check of every glibc test: a failed check prints its reason (with errno, which the
 * call that failed may have set) and counts; main returns failures != 0. */
#ifndef GLIBC_CHECK_H
#define GLIBC_CHECK_H
#include <errno.h>
#include <stdio.h>

static int failures;

static void check(const char *what, int ok)
{
    if (!ok) {
        printf("FAIL: %s (errno %d)\n", what, errno);
        failures++;
    }
}

#endif
