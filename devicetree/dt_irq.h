/* Interrupt routing and the RTC from the device tree (devicetree/dt_irq.c). */
#ifndef DEVICETREE_DT_IRQ_H
#define DEVICETREE_DT_IRQ_H
#include <stdint.h>
#include "devicetree/dt.h"

struct dt_plic {
	uint64_t base, size;
	uint32_t context;   /* the boot hart's S-mode context */
	uint32_t ndev;      /* "riscv,ndev": sources 1..ndev */
	uint32_t phandle;
};

/* What devices_init needs for one hart. */
struct dt_irqs {
	int has_plic;          /* a PLIC with an S-mode context for the hart */
	struct dt_plic plic;
	int has_uart_irq;      /* the console's interrupt, when it goes to that PLIC */
	uint32_t uart_irq;
	int has_rtc;           /* a google,goldfish-rtc with its registers */
	uint64_t rtc_base, rtc_size;
};

/* Fills out for the hart hartid from what dt_parse found. */
void dt_irqs_for_hart(const struct dt_info *dt, uint32_t hartid, struct dt_irqs *out);

#endif
