#ifndef MM_MEMINIT_H
#define MM_MEMINIT_H
#include "devicetree/dt.h"

/* Sets up kernel_pmm from the device tree and prints the memory map. */
void mem_init(const struct dt_info *dt);

#endif
