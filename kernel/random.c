/* xoshiro256** (Blackman and Vigna, 2018) over a state mixed with splitmix64; see
 * random.h for why this is not a cryptographic generator. random_lock guards the state:
 * two harts must never draw the same words. Callers fill kernel buffers (no user copy
 * under the lock). */
#include <stdint.h>
#include <string.h>
#include "kernel/random.h"
#include "kernel/spinlock.h"
#include "trap/timer.h"

static uint64_t state[4] = { 0x9e3779b97f4a7c15UL, 0xbf58476d1ce4e5b9UL,
			     0x94d049bb133111ebUL, 0x2545f4914f6cdd1dUL };

static struct spinlock random_lock = SPINLOCK_INIT("random");

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15UL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
	return x ^ (x >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(void)
{
	uint64_t result = rotl(state[1] * 5, 7) * 9, t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return result;
}

/* Folds x into the state; the state never becomes all zeros, as splitmix64 of distinct
 * words differ. */
static void stir(uint64_t x)
{
	for (int i = 0; i < 4; i++)
		state[i] ^= splitmix64(x + (uint64_t)i);
	next();
}

void random_init(const void *seed, size_t len)
{
	const unsigned char *p = seed;

	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;
		memcpy(&w, p + i, len - i < 8 ? len - i : 8);
		stir(w ^ i);
	}
	stir(timer_read());
}

void random_bytes(void *buf, size_t n)
{
	unsigned char *out = buf;
	unsigned long flags = spin_lock_irqsave(&random_lock);

	stir(timer_read());
	for (size_t done = 0; done < n; done += 8) {
		uint64_t w = next();
		memcpy(out + done, &w, n - done < 8 ? n - done : 8);
	}
	spin_unlock_irqrestore(&random_lock, flags);
}
