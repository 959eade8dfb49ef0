/* 100 rapid cycles of allocating a mix of sizes (from 1 byte to 300 KiB, so both arena blocks
 * and blocks with their own mapping; some through calloc), filling, verifying and freeing
 * them all, in an order that changes from cycle to cycle. */
#include <stdlib.h>

#include "testlib.h"

#define CYCLES 100
#define BLOCKS 40

static const unsigned long sizes[] = {
    1, 8, 24, 100, 500, 3000, 4096, 12000, 70000, 128 * 1024, 300000,
};
enum { SIZE_COUNT = sizeof(sizes) / sizeof(sizes[0]) };

static unsigned char pattern(int cycle, int block, unsigned long i)
{
    return (unsigned char)(cycle * 7 + block * 13 + i);
}

int main(void)
{
    unsigned char *blocks[BLOCKS];
    unsigned long lengths[BLOCKS];

    for (int cycle = 0; cycle < CYCLES; cycle++) {
        for (int b = 0; b < BLOCKS; b++) {
            lengths[b] = sizes[(b + cycle) % SIZE_COUNT];
            /* Every third block through calloc: zeroed even when it reuses a freed block. */
            int zeroed = b % 3 == 0;
            blocks[b] = zeroed ? calloc(1, lengths[b]) : malloc(lengths[b]);
            check_true("malloc in a cycle", blocks[b] != NULL, (long)lengths[b]);
            for (unsigned long i = 0; zeroed && i < lengths[b]; i++)
                check_eq("calloc'ed block reads zero", blocks[b][i], 0);
            /* Large blocks: touch only the first and last pages, to keep cycles rapid. */
            for (unsigned long i = 0; i < lengths[b]; i++) {
                if (i == 4096 && lengths[b] > 3 * 4096)
                    i = lengths[b] - 4096;
                blocks[b][i] = pattern(cycle, b, i);
            }
        }
        for (int b = 0; b < BLOCKS; b++) {
            for (unsigned long i = 0; i < lengths[b]; i++) {
                if (i == 4096 && lengths[b] > 3 * 4096)
                    i = lengths[b] - 4096;
                check_eq("block contents within a cycle", blocks[b][i], pattern(cycle, b, i));
            }
        }
        /* Free forwards, backwards or odd-then-even, depending on the cycle. */
        for (int k = 0; k < BLOCKS; k++) {
            int b = cycle % 3 == 0 ? k
                  : cycle % 3 == 1 ? BLOCKS - 1 - k
                  : (k < BLOCKS / 2 ? 2 * k + 1 : 2 * (k - BLOCKS / 2));
            free(blocks[b]);
        }
    }
    return 0;
}
