/* A string grown by thousands of appends, each reallocating it to exactly the new length, so
 * it moves through every size class and into a mapping of its own; then checked piece by
 * piece. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define APPENDS 6000

/* The piece appended at step i: its number and three letters derived from it. */
static int make_piece(char *buf, unsigned long size, int i)
{
    return snprintf(buf, size, "%d:%c%c%c;", i, 'a' + i % 26, 'a' + (i / 26) % 26, 'A' + i % 7);
}

int main(void)
{
    char *text = NULL;
    unsigned long length = 0;

    for (int i = 0; i < APPENDS; i++) {
        char piece[32];
        int n = make_piece(piece, sizeof(piece), i);
        text = realloc(text, length + (unsigned long)n + 1);
        check_true("realloc for an append", text != NULL, i);
        memcpy(text + length, piece, (unsigned long)n + 1);
        length += (unsigned long)n;
    }
    check_eq("strlen of the grown string", (long)strlen(text), (long)length);

    unsigned long offset = 0;
    for (int i = 0; i < APPENDS; i++) {
        char piece[32];
        int n = make_piece(piece, sizeof(piece), i);
        check_eq("piece intact after growth", memcmp(text + offset, piece, (unsigned long)n), 0);
        offset += (unsigned long)n;
    }
    check_eq("pieces cover the string", (long)offset, (long)length);
    free(text);
    return 0;
}
