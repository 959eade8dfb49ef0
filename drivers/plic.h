/* The PLIC (drivers/plic.c): external interrupts of the boot hart in S-mode. */
#ifndef DRIVERS_PLIC_H
#define DRIVERS_PLIC_H
#include <stdint.h>

/* The most a PLIC spans: 15872 contexts' thresholds and claims end at 0x4000000 (RISC-V
 * PLIC specification 1.0.0, memory map). A larger reg is mapped only this far. */
#define PLIC_MAX_SPAN 0x4000000UL

/* Starts using the PLIC mapped at va through context ctx (sources 1..sources), and
 * enables supervisor external interrupts (sie.SEIE). */
void plic_init(uintptr_t va, uint32_t ctx, uint32_t sources);
/* Enables source src, whose interrupts call fn: 0, or -1 (no PLIC, a bad source). */
int plic_enable(uint32_t src, void (*fn)(void));
/* A supervisor external interrupt (scause 9): claims and handles what is pending. */
void plic_interrupt(void);

#endif
