/* The kernel console: the UART named by /chosen/stdout-path once it is mapped, the SBI
 * legacy console when the UART is of an unknown kind. Output before the UART is mapped
 * is held back (up to 4 KiB) until it is, or until console_end_early. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
#include <stddef.h>
#include <stdint.h>
#include "devicetree/dt.h"

/* Bytes to the console, each newline as CR LF (printk's). */
void console_write(const char *s, size_t n);
/* A byte as it is (the terminal's output processing has run). */
void console_put_raw(char c);
/* Turns the UART's receive interrupt on: 0, or -1 (the SBI console has none). */
int console_enable_rx_interrupt(void);
/* A received byte, or -1 if none is waiting. */
int console_getc(void);
/* Switches to the UART described by u, whose registers are mapped at va. */
void console_use_uart(const struct dt_uart *u, uintptr_t va);
/* The transmitter, for the ring (drivers/console_tx.c): whether this UART has a
 * transmit interrupt; turning it on or off; how many bytes it takes now without waiting;
 * one byte to it (after console_tx_space said there was room). */
int console_tx_interrupt_supported(void);
void console_tx_interrupt_enable(int on);
uint32_t console_tx_space(void);
void console_tx_write(char c);
/* Back to the SBI console (e.g. when reporting a fault whose cause may be the UART). */
void console_use_sbi(void);
/* Writes out what boot printed before the UART was mapped, through the console there is
 * now, and stops holding output back (the end of console set-up; a panic). */
void console_end_early(void);
const char *console_name(void);

#endif
