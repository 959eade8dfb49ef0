/* Simulated physical memory for host unit tests of mm/: a pool of page-aligned pages, an
 * allocation counter and an optional budget (to run out of memory on purpose). Physical
 * addresses are chosen so that the kernel's phys_to_virt (pa + DIRECT_MAP_BASE) is the
 * page's host address: code that reaches pages through the direct map runs unchanged.
 * Freed pages are poisoned for AddressSanitizer, so a use after free is reported at once. */
#ifndef TESTS_HOST_SIM_MEM_H
#define TESTS_HOST_SIM_MEM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_PAGES 4096

struct sim {
	uint8_t *mem;
	uint64_t base;        /* physical address of the first page */
	bool used[SIM_PAGES];
	size_t allocated;     /* pages currently allocated */
	size_t alloc_calls;
	long budget;          /* allocations left before running out; -1: unlimited */
};

extern struct sim sim;

/* Fresh memory, nothing allocated, no budget. */
void sim_reset(void);
/* A zero-filled page, or 0 (out of pages or budget). ctx is unused (a pt_env hook). */
uint64_t sim_alloc(void *ctx);
/* Frees an allocated page; anything else aborts. */
void sim_free(void *ctx, uint64_t pa);
/* The page's host address; aborts unless it is allocated. */
void *sim_pa_to_va(void *ctx, uint64_t pa);
bool sim_is_allocated(uint64_t pa);

#endif
