/* workload/glibc_malloc (user/bench/bench_workloads.c): glibc's malloc, realloc and free
 * on a mix of sizes, run to the end as a whole program (static glibc, rv64gc). OPS
 * operations on SLOTS slots picked by a fixed pseudo-random sequence: an empty slot gets a
 * block of 16 bytes to 4 KiB (one in 64 of 64-256 KiB, glibc's mmap threshold and above),
 * a full one is freed or, one time in four, grown with realloc. Each block is written at
 * both ends. Exits 1 if a block lost its contents. */
#include <stdint.h>
#include <stdlib.h>

#define OPS 200000
#define SLOTS 4096

static uint64_t state = 0x9e3779b97f4a7c15u;

/* xorshift64: the same sequence on every run and every kernel. */
static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static size_t pick_size(void)
{
    uint64_t r = next();
    if (r % 64 == 0)
        return 65536 + (size_t)(r >> 8) % (192 * 1024);
    return 16 + (size_t)(r >> 8) % 4080;
}

static void fill(unsigned char *p, size_t size, unsigned char tag)
{
    p[0] = tag;
    p[size - 1] = tag;
}

static int intact(const unsigned char *p, size_t size, unsigned char tag)
{
    return p[0] == tag && p[size - 1] == tag;
}

int main(void)
{
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];

    for (int op = 0; op < OPS; op++) {
        uint64_t r = next();
        size_t slot = (size_t)(r % SLOTS);
        unsigned char tag = (unsigned char)slot;
        if (!blocks[slot]) {
            sizes[slot] = pick_size();
            blocks[slot] = malloc(sizes[slot]);
            if (!blocks[slot])
                return 1;
            fill(blocks[slot], sizes[slot], tag);
            continue;
        }
        if (!intact(blocks[slot], sizes[slot], tag))
            return 1;
        if ((r >> 32) % 4 == 0) {
            size_t bigger = sizes[slot] + pick_size();
            unsigned char *p = realloc(blocks[slot], bigger);
            if (!p || p[0] != tag)
                return 1;
            blocks[slot] = p;
            sizes[slot] = bigger;
            fill(p, bigger, tag);
        } else {
            free(blocks[slot]);
            blocks[slot] = NULL;
        }
    }
    for (size_t slot = 0; slot < SLOTS; slot++)
        free(blocks[slot]);
    return 0;
}
