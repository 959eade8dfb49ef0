/* realloc keeps the contents when growing (within the size classes and into a block with its
 * own mapping) and when shrinking, and the grown space is usable. */
#include <stdlib.h>

#include "testlib.h"

static unsigned char pattern(unsigned long i)
{
    return (unsigned char)(i * 37 + 11);
}

static void fill(unsigned char *p, unsigned long from, unsigned long to)
{
    for (unsigned long i = from; i < to; i++)
        p[i] = pattern(i);
}

static void verify(const char *what, const unsigned char *p, unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        check_eq(what, p[i], pattern(i));
}

int main(void)
{
    static const unsigned long steps[] = { 100, 1000, 5000, 70000, 200000, 1 << 20 };
    unsigned long length = 10;
    unsigned char *p = realloc(NULL, length);

    check_true("realloc(NULL, n) allocates", p != NULL, 0);
    fill(p, 0, length);
    for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        p = realloc(p, steps[i]);
        check_true("realloc to grow", p != NULL, (long)steps[i]);
        verify("contents kept by a growing realloc", p, length);
        fill(p, length, steps[i]);
        verify("grown block usable", p, steps[i]);
        length = steps[i];
    }

    p = realloc(p, 50);
    check_true("realloc to shrink", p != NULL, 50);
    verify("contents kept by a shrinking realloc", p, 50);

    unsigned char *q = malloc(60);
    check_true("malloc after shrinking", q != NULL, 0);
    fill(q, 0, 60);
    p = realloc(p, 3000);
    check_true("realloc to grow again", p != NULL, 3000);
    verify("contents kept by a growing realloc after a shrink", p, 50);
    verify("neighbour untouched by realloc", q, 60);
    free(q);
    free(p);
    return 0;
}
