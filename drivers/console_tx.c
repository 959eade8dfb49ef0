/* The console's transmit ring (drivers/console_tx.h). The lock "console_tx" guards the
 * ring and the UART's transmit side; it is taken with interrupts off and comes after
 * printk's lock and the tty's (echo queues under the tty lock). */
#include "drivers/console.h"
#include "drivers/console_tx.h"
#include "kernel/spinlock.h"

static char ring[CONSOLE_TX_RING];
static uint32_t head, tail;   /* next slot to fill, next byte to send */
static int buffered;          /* the transmit interrupt drains the ring */
static int stopped;           /* flow control: the interrupt sends nothing */
static struct spinlock tx_lock = SPINLOCK_INIT("console_tx");

static uint32_t queued(void) { return head - tail; }

/* Hands the UART what it takes now without waiting; lock held. */
static void send_batch(void)
{
	for (uint32_t n = console_tx_space(); n && queued(); n--)
		console_tx_write(ring[tail++ % CONSOLE_TX_RING]);
}

/* Empties the ring by waiting on the UART; lock held (or a panic). */
static void send_all(void)
{
	while (queued())
		send_batch();
	console_tx_interrupt_enable(0);
}

void console_tx_start(void)
{
	if (console_tx_interrupt_supported())
		__atomic_store_n(&buffered, 1, __ATOMIC_RELEASE);
}

void console_tx_put(char c)
{
	if (!__atomic_load_n(&buffered, __ATOMIC_ACQUIRE)) {
		console_put_raw(c);
		return;
	}
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	while (queued() == CONSOLE_TX_RING)
		send_batch();
	ring[head++ % CONSOLE_TX_RING] = c;
	console_tx_interrupt_enable(!stopped);
	spin_unlock_irqrestore(&tx_lock, flags);
}

uint32_t console_tx_room(void)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	uint32_t room = buffered ? CONSOLE_TX_RING - queued() : stopped ? 0 : CONSOLE_TX_RING;

	spin_unlock_irqrestore(&tx_lock, flags);
	return room;
}

uint32_t console_tx_queued(void)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	uint32_t n = queued();

	spin_unlock_irqrestore(&tx_lock, flags);
	return n;
}

void console_tx_stop(int stop)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);

	stopped = stop;
	console_tx_interrupt_enable(!stop && queued());
	spin_unlock_irqrestore(&tx_lock, flags);
}

void console_tx_discard(void)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);

	tail = head;
	console_tx_interrupt_enable(0);
	spin_unlock_irqrestore(&tx_lock, flags);
}

int console_tx_interrupt(void)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	uint32_t before = queued();

	if (!stopped)
		send_batch();
	uint32_t after = queued();
	if (!after || stopped)
		console_tx_interrupt_enable(0);
	spin_unlock_irqrestore(&tx_lock, flags);
	return (before > CONSOLE_TX_RING / 2 && after <= CONSOLE_TX_RING / 2) ||
	       (before && !after);
}

void console_tx_drain(void)
{
	if (!__atomic_load_n(&buffered, __ATOMIC_ACQUIRE))
		return;
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	send_all();
	spin_unlock_irqrestore(&tx_lock, flags);
}

void console_tx_panic(void)
{
	if (!__atomic_exchange_n(&buffered, 0, __ATOMIC_ACQ_REL))
		return;
	send_all();
}

/* printk's bytes: the ring first, so a message printed after a write(2) comes after
 * its bytes; under the lock, so the interrupt cannot slip queued bytes into it. */
void console_tx_write_sync(const char *s, size_t n)
{
	if (!__atomic_load_n(&buffered, __ATOMIC_ACQUIRE)) {
		console_write(s, n);
		return;
	}
	unsigned long flags = spin_lock_irqsave(&tx_lock);
	send_all();
	console_write(s, n);
	spin_unlock_irqrestore(&tx_lock, flags);
}
