/* Interrupt routing and the RTC from the device tree (devicetree/dt_irq.c). */
#ifndef DEVICETREE_DT_IRQ_H
#define DEVICETREE_DT_IRQ_H
#include <stdint.h>

struct dt_plic {
	uint64_t base, size;
	uint32_t context;   /* the boot hart's S-mode context */
	uint32_t ndev;      /* "riscv,ndev": sources 1..ndev */
	uint32_t phandle;
};

/* The PLIC with an S-mode context for hartid: 0, or -1 if the tree has none. */
int dt_find_plic(const void *fdt, uint32_t hartid, struct dt_plic *out);
/* The interrupt of the device whose registers start at base, if the interrupt
 * controller it names is the one with parent_phandle: 0, or -1. */
int dt_device_irq(const void *fdt, uint64_t base, uint32_t parent_phandle, uint32_t *irq);
/* A google,goldfish-rtc: 0 with its registers, or -1. */
int dt_find_rtc(const void *fdt, uint64_t *base, uint64_t *size);

#endif
