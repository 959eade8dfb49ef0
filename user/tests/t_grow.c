/* An array grown by realloc, doubling its capacity from 1 to 1024 elements; every element
 * written so far must survive each move. Elements are 256 bytes, so the array passes from the
 * small size classes to a mapping of its own (256 KiB). */
#include <stdlib.h>

#include "testlib.h"

#define FINAL_COUNT 1024
#define WORDS_PER_ELEMENT 32

struct element {
    long words[WORDS_PER_ELEMENT];
};

static long expected_word(long index, long word)
{
    return index * 1000003 + word * 7 + 1;
}

static void check_elements(const struct element *array, long count)
{
    for (long i = 0; i < count; i++)
        for (long w = 0; w < WORDS_PER_ELEMENT; w++)
            check_eq("element kept its contents", array[i].words[w], expected_word(i, w));
}

int main(void)
{
    long capacity = 1;
    struct element *array = malloc(sizeof(*array));
    check_true("malloc of one element", array != NULL, 0);

    for (long i = 0; i < FINAL_COUNT; i++) {
        if (i == capacity) {
            capacity *= 2;
            array = realloc(array, (unsigned long)capacity * sizeof(*array));
            check_true("realloc to double the capacity", array != NULL, capacity);
            check_elements(array, i);
        }
        for (long w = 0; w < WORDS_PER_ELEMENT; w++)
            array[i].words[w] = expected_word(i, w);
    }
    check_eq("final capacity", capacity, FINAL_COUNT);
    check_elements(array, FINAL_COUNT);
    free(array);
    return 0;
}
