/* Where the registers of an 8250/16550-compatible UART are: register i sits at
 * base + (i << reg-shift) and is accessed reg-io-width bytes wide (devicetree binding
 * serial/8250.yaml). QEMU virt's ns16550a uses shift 0, width 1; the VisionFive 2's
 * snps,dw-apb-uart uses shift 2, width 4. Pure arithmetic, shared by the UART driver
 * and the host tests. */
#ifndef KERNEL_UART_REGS_H
#define KERNEL_UART_REGS_H
#include <stdint.h>

/* Register numbers (TI PC16550D datasheet, table 2); DLL/DLM replace RBR/THR and IER
 * while LCR.DLAB is set. */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_DLL 0 /* divisor latch, low byte */
#define UART_IER 1 /* interrupt enable */
#define UART_DLM 1 /* divisor latch, high byte */
#define UART_IIR 2 /* interrupt identification (read) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

struct uart_regs {
	uintptr_t base;    /* address of register 0 */
	uint32_t shift;    /* "reg-shift": log2 of the distance between registers */
	uint32_t io_width; /* "reg-io-width": bytes per access, 1 or 4 */
};

/* Byte offset of register reg from the UART's base. */
uint64_t uart_reg_offset(uint32_t reg, uint32_t reg_shift);

/* Fills u; -EINVAL (u untouched) for an io_width other than 1 or 4 or a shift above 4. */
int uart_regs_init(struct uart_regs *u, uintptr_t base, uint32_t shift, uint32_t io_width);

/* Address of register reg. */
uintptr_t uart_reg_addr(const struct uart_regs *u, uint32_t reg);

#endif
