/* Fast user-space mutexes (futex(2)): threads sleep in the kernel until the word at an
 * address changes (kernel/futex.c); robust lists (kernel/futex_robust.c). */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H
#include <stdint.h>

struct proc;

/* Wakes up to n waiters (at least one, as Linux) of the futex at uaddr of the current
 * address space whose bitset meets bitset; the number woken or -errno. private: the key
 * is (address space, address) whatever the mapping (FUTEX_PRIVATE_FLAG). */
long futex_wake(uint64_t uaddr, int private, int n, uint32_t bitset);
/* The word at uaddr (4-aligned, writable) of the current address space, for an atomic
 * operation through the kernel's mapping of its page: NULL if not writable (-EFAULT).
 * When not NULL, the address-space lock is held, so that no other thread unmaps and frees
 * the page meanwhile: the caller ends with futex_word_done(). */
uint32_t *futex_word(uint64_t uaddr);
void futex_word_done(void);
/* Thread exit (before it leaves its address space): walks p's robust list, marking the
 * futexes p owns FUTEX_OWNER_DIED and waking a waiter of each. */
void futex_exit_robust_list(struct proc *p);

#endif
