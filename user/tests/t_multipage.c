/* Many 12 KiB blocks (three pages each), each filled with words that name the block and the
 * position, and all verified after every block exists. */
#include <stdlib.h>

#include "testlib.h"

#define BLOCK_BYTES (12 * 1024)
#define BLOCK_COUNT 300
#define WORDS (BLOCK_BYTES / sizeof(long))

static long word_value(long block, long i)
{
    return (block << 20) ^ (i * 2654435761L);
}

int main(void)
{
    static long *blocks[BLOCK_COUNT];

    for (long b = 0; b < BLOCK_COUNT; b++) {
        blocks[b] = malloc(BLOCK_BYTES);
        check_true("malloc of a 12 KiB block", blocks[b] != NULL, b);
        for (unsigned long i = 0; i < WORDS; i++)
            blocks[b][i] = word_value(b, (long)i);
    }
    for (long b = 0; b < BLOCK_COUNT; b++) {
        check_true("blocks do not overlap",
                   b == 0 || blocks[b] + WORDS <= blocks[b - 1] || blocks[b - 1] + WORDS <= blocks[b],
                   b);
        for (unsigned long i = 0; i < WORDS; i++)
            check_eq("12 KiB block contents", blocks[b][i], word_value(b, (long)i));
    }
    for (long b = 0; b < BLOCK_COUNT; b++)
        free(blocks[b]);
    return 0;
}
