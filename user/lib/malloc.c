/* malloc on top of mmap.
 *
 * Every block starts with a 16-byte header (so payloads stay 16-byte aligned) that says how
 * many bytes the caller may use and where the block came from:
 *  - requests of LARGE_MIN bytes or more get a mapping of their own, unmapped by free();
 *  - smaller ones are rounded up to a power-of-two size class (16 B .. 128 KiB) and carved
 *    from an arena: a mapping that holds blocks of a single class. Each class keeps a list of
 *    its arenas that still have room. An arena hands out never-used blocks in address order,
 *    so its pages are touched (and backed by the kernel) only when needed, and reuses freed
 *    blocks through a free list threaded through them. When its last block is freed the
 *    arena is unmapped, so memory goes back to the kernel. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LARGE_MIN (128 * 1024UL)
#define MIN_CLASS_SHIFT 4                 /* smallest class: 16 bytes */
#define CLASS_COUNT 14                    /* 16 B << 13 = 128 KiB */
#define ARENA_MIN_SIZE (64 * 1024UL)
#define ARENA_MIN_BLOCKS 8

struct arena;

struct header {
    struct arena *arena;                  /* NULL for a block with its own mapping */
    size_t capacity;                      /* bytes usable after the header */
};

struct free_block {
    struct free_block *next;
};

struct arena {
    struct arena *next, *prev;            /* in the class's list of arenas with room */
    struct free_block *free_list;         /* freed blocks, ready for reuse */
    char *blocks;                         /* first block */
    size_t map_length;
    size_t block_size;                    /* header + class size */
    size_t capacity;                      /* blocks the arena holds */
    size_t carved;                        /* blocks handed out at least once */
    size_t in_use;
    int class_index;
};

#define HEADER_SIZE sizeof(struct header)
_Static_assert(sizeof(struct header) == 16, "headers keep payloads 16-byte aligned");

static struct arena *arenas_with_room[CLASS_COUNT];

static size_t round_up(size_t n, size_t align)
{
    return (n + align - 1) & ~(align - 1);
}

static void *map_pages(size_t length)
{
    long addr = sys_mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);
    return addr < 0 ? NULL : (void *)addr;
}

static void list_add(struct arena *arena)
{
    struct arena **head = &arenas_with_room[arena->class_index];

    arena->prev = NULL;
    arena->next = *head;
    if (*head)
        (*head)->prev = arena;
    *head = arena;
}

static void list_remove(struct arena *arena)
{
    if (arena->prev)
        arena->prev->next = arena->next;
    else
        arenas_with_room[arena->class_index] = arena->next;
    if (arena->next)
        arena->next->prev = arena->prev;
}

static int class_for(size_t size)
{
    int index = 0;

    while (((size_t)1 << (MIN_CLASS_SHIFT + index)) < size)
        index++;
    return index;
}

static struct arena *arena_create(int class_index)
{
    size_t block_size = HEADER_SIZE + ((size_t)1 << (MIN_CLASS_SHIFT + class_index));
    size_t first_block = round_up(sizeof(struct arena), 16);
    size_t length = first_block + ARENA_MIN_BLOCKS * block_size;

    if (length < ARENA_MIN_SIZE)
        length = ARENA_MIN_SIZE;
    length = round_up(length, PAGE_SIZE);

    struct arena *arena = map_pages(length);
    if (!arena)
        return NULL;
    arena->free_list = NULL;
    arena->blocks = (char *)arena + first_block;
    arena->map_length = length;
    arena->block_size = block_size;
    arena->capacity = (length - first_block) / block_size;
    arena->carved = 0;
    arena->in_use = 0;
    arena->class_index = class_index;
    list_add(arena);
    return arena;
}

static void *malloc_large(size_t size)
{
    if (size > SIZE_MAX - HEADER_SIZE - PAGE_SIZE)
        return NULL;
    size_t length = round_up(size + HEADER_SIZE, PAGE_SIZE);
    struct header *header = map_pages(length);
    if (!header)
        return NULL;
    header->arena = NULL;
    header->capacity = length - HEADER_SIZE;
    return header + 1;
}

void *malloc(size_t size)
{
    if (size >= LARGE_MIN)
        return malloc_large(size);

    int class_index = class_for(size);
    struct arena *arena = arenas_with_room[class_index];
    if (!arena)
        arena = arena_create(class_index);
    if (!arena)
        return NULL;

    struct header *header;
    if (arena->free_list) {
        header = (struct header *)arena->free_list;
        arena->free_list = arena->free_list->next;
    } else {
        header = (struct header *)(arena->blocks + arena->carved * arena->block_size);
        arena->carved++;
    }
    if (++arena->in_use == arena->capacity)
        list_remove(arena);
    header->arena = arena;
    header->capacity = arena->block_size - HEADER_SIZE;
    return header + 1;
}

void free(void *ptr)
{
    if (!ptr)
        return;

    struct header *header = (struct header *)ptr - 1;
    struct arena *arena = header->arena;
    if (!arena) {
        sys_munmap(header, header->capacity + HEADER_SIZE);
        return;
    }

    int was_full = arena->in_use == arena->capacity;
    struct free_block *block = (struct free_block *)header;
    block->next = arena->free_list;
    arena->free_list = block;
    arena->in_use--;

    if (arena->in_use == 0) {
        if (!was_full)
            list_remove(arena);
        sys_munmap(arena, arena->map_length);
    } else if (was_full) {
        list_add(arena);
    }
}

void *calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;

    size_t bytes = count * size;
    void *ptr = malloc(bytes);
    /* A large block is a fresh mapping, already zero: skip touching every page of it. */
    if (ptr && bytes < LARGE_MIN)
        memset(ptr, 0, bytes);
    return ptr;
}

void *realloc(void *ptr, size_t size)
{
    if (!ptr)
        return malloc(size);
    if (size == 0) {
        free(ptr);
        return NULL;
    }

    size_t capacity = ((struct header *)ptr - 1)->capacity;
    if (size <= capacity)
        return ptr;

    void *bigger = malloc(size);
    if (!bigger)
        return NULL;
    memcpy(bigger, ptr, capacity);
    free(ptr);
    return bigger;
}
