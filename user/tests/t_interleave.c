/* Interleaved strings: many strings of varying lengths, every other one freed, more
 * allocated into the holes, and then every live string checked. Catches blocks handed out
 * twice or free lists that corrupt neighbours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define FIRST 1000
#define SECOND 700
#define TEXT_MAX 600

static char *strings[FIRST + SECOND];

/* The text of string i: its number, then filler whose length depends on i. */
static int make_text(char *buf, int i)
{
    int n = snprintf(buf, TEXT_MAX, "string-%d-", i);
    int filler = (i * 37) % 500;

    for (int k = 0; k < filler; k++)
        buf[n++] = (char)('a' + (i + k) % 26);
    buf[n] = '\0';
    return n;
}

static void allocate(int i)
{
    char text[TEXT_MAX];
    int n = make_text(text, i);

    strings[i] = malloc((unsigned long)n + 1);
    check_true("malloc of a string", strings[i] != NULL, i);
    memcpy(strings[i], text, (unsigned long)n + 1);
}

static void verify(int i)
{
    char text[TEXT_MAX];

    make_text(text, i);
    check_eq("string intact", strcmp(strings[i], text), 0);
}

int main(void)
{
    for (int i = 0; i < FIRST; i++)
        allocate(i);
    for (int i = 0; i < FIRST; i += 2) {
        verify(i);
        free(strings[i]);
        strings[i] = NULL;
    }
    for (int i = FIRST; i < FIRST + SECOND; i++)
        allocate(i);
    for (int i = 0; i < FIRST + SECOND; i++)
        if (strings[i])
            verify(i);
    for (int i = 0; i < FIRST + SECOND; i++)
        free(strings[i]);
    return 0;
}
