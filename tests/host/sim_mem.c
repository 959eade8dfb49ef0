/* Simulated physical memory (see sim_mem.h). */
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/memlayout.h"
#include "tests/host/sim_mem.h"

struct sim sim;

void sim_reset(void)
{
	if (!sim.mem) {
		sim.mem = aligned_alloc(PAGE_SIZE, SIM_PAGES * PAGE_SIZE);
		sim.base = (uint64_t)sim.mem - DIRECT_MAP_BASE;
	}
	ASAN_UNPOISON_MEMORY_REGION(sim.mem, SIM_PAGES * PAGE_SIZE);
	memset(sim.used, 0, sizeof(sim.used));
	sim.allocated = 0;
	sim.alloc_calls = 0;
	sim.budget = -1;
}

bool sim_is_allocated(uint64_t pa)
{
	size_t i = (pa - sim.base) / PAGE_SIZE;
	return pa >= sim.base && pa % PAGE_SIZE == 0 && i < SIM_PAGES && sim.used[i];
}

static size_t sim_index(uint64_t pa)
{
	if (!sim_is_allocated(pa)) {
		fprintf(stderr, "  access to pa %#lx, which is not an allocated page\n",
			(unsigned long)pa);
		abort();
	}
	return (pa - sim.base) / PAGE_SIZE;
}

void *sim_pa_to_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return sim.mem + sim_index(pa) * PAGE_SIZE;
}

uint64_t sim_alloc(void *ctx)
{
	(void)ctx;
	sim.alloc_calls++;
	if (sim.budget == 0)
		return 0;
	for (size_t i = 0; i < SIM_PAGES; i++) {
		if (!sim.used[i]) {
			if (sim.budget > 0)
				sim.budget--;
			sim.used[i] = true;
			sim.allocated++;
			ASAN_UNPOISON_MEMORY_REGION(sim.mem + i * PAGE_SIZE, PAGE_SIZE);
			memset(sim.mem + i * PAGE_SIZE, 0, PAGE_SIZE);
			return sim.base + i * PAGE_SIZE;
		}
	}
	return 0;
}

void sim_free(void *ctx, uint64_t pa)
{
	(void)ctx;
	size_t i = sim_index(pa);
	memset(sim.mem + i * PAGE_SIZE, 0xa5, PAGE_SIZE);
	ASAN_POISON_MEMORY_REGION(sim.mem + i * PAGE_SIZE, PAGE_SIZE);
	sim.used[i] = false;
	sim.allocated--;
}
