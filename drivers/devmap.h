/* Mapping the registers of the devices the device tree names. */
#ifndef DRIVERS_DEVMAP_H
#define DRIVERS_DEVMAP_H
#include <stdint.h>
#include "devicetree/dt.h"

/* Maps the size bytes at pa, the registers a driver uses, and returns their kernel
 * address; 0, with a line saying why, when they overlap RAM or lie beyond the direct
 * map, or when there is no memory to map them. */
uintptr_t devmap(const struct dt_info *dt, const char *what, uint64_t pa, uint64_t size);

/* The console UART and the power-off register, each mapped only if the tree's address
 * for it is usable; otherwise the SBI console stays, or power-off goes through SBI. */
void devmap_console_and_poweroff(const struct dt_info *dt);

#endif
