/* The console's transmit ring: the terminal's output is copied into it and the UART's
 * transmitter-empty interrupt (16550/DesignWare IER.ETBEI, SiFive ie.txwm) moves it out,
 * a FIFO's worth per interrupt. Until console_tx_start (no interrupt controller, an SBI
 * console) everything is written synchronously and the ring stays empty. printk and a
 * panic write synchronously too, after what the ring holds, so they never overtake it. */
#ifndef DRIVERS_CONSOLE_TX_H
#define DRIVERS_CONSOLE_TX_H
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_TX_RING 4096   /* a power of two: positions are free-running counters */

/* From now on output goes through the ring (the UART's interrupt is registered). */
void console_tx_start(void);
/* Queues one byte; with the ring full, first waits for the UART to take the oldest
 * (never sleeps, never drops: for echo and kernel writers). Synchronous when not started. */
void console_tx_put(char c);
/* Bytes that fit without waiting (CONSOLE_TX_RING when output is synchronous). */
uint32_t console_tx_room(void);
/* Bytes queued and not yet handed to the UART (TIOCOUTQ). */
uint32_t console_tx_queued(void);
/* Suspends (1) or resumes (0) sending (TCOOFF/TCOON, ^S/^Q): writes queue until the ring
 * is full, then wait (console_tx_room is 0 while stopped when output is synchronous).
 * console_tx_put on a full ring, printk and power-off still send. */
void console_tx_stop(int stop);
/* Drops what is queued (TCFLSH with TCOFLUSH). */
void console_tx_discard(void);
/* The UART interrupt's transmit half: hands the UART what it takes now, and turns the
 * interrupt off once the ring is empty. 1 if writers waiting for room or for the ring to
 * drain should be woken (it fell to half, or emptied). */
int console_tx_interrupt(void);
/* Writes out what is queued by polling the UART (power-off). */
void console_tx_drain(void);
/* A panic: writes out what is queued without taking the ring's lock (the panic may have
 * come while it was held) and makes all later output synchronous. */
void console_tx_panic(void);
/* printk's bytes: after everything queued, synchronously. */
void console_tx_write_sync(const char *s, size_t n);

#endif
