/* One 64 MiB allocation: touched sparsely first (one byte per MiB, so only those pages need
 * backing), then filled completely, each time read back. */
#include <stdlib.h>

#include "testlib.h"

#define MIB (1024UL * 1024)
#define LENGTH (64 * MIB)

int main(void)
{
    unsigned char *p = malloc(LENGTH);
    check_true("malloc of 64 MiB", p != NULL, 0);

    for (unsigned long off = 0; off < LENGTH; off += MIB)
        p[off] = (unsigned char)(off / MIB + 1);
    for (unsigned long off = 0; off < LENGTH; off += MIB)
        check_eq("sparse byte", p[off], (unsigned char)(off / MIB + 1));
    check_eq("untouched byte next to a sparse one reads zero", p[MIB + 4096], 0);

    unsigned long *words = (unsigned long *)p;
    unsigned long count = LENGTH / sizeof(*words);
    for (unsigned long i = 0; i < count; i++)
        words[i] = i ^ 0x5a5a5a5aUL;
    for (unsigned long i = 0; i < count; i++)
        check_eq("full fill", (long)words[i], (long)(i ^ 0x5a5a5a5aUL));
    free(p);
    return 0;
}
