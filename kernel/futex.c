/* futex(2) (Linux kernel/futex/): a thread sleeps while the 32-bit word at an address
 * still holds the value it expects, until another wakes it through the same address.
 *
 * Waiters are queued in a hash table of buckets keyed by what the address names: for a
 * private futex (FUTEX_PRIVATE_FLAG), or any address of private memory, the address
 * space and the address; for an address in a MAP_SHARED mapping (anonymous or a file),
 * the shared object and the byte offset in it, so that processes mapping it at different
 * addresses meet (Linux get_futex_key). Each bucket has its own lock.
 *
 * No lost wakeups: a waiter reads the word under its bucket's lock and queues itself
 * before dropping it; a waker changes the word first, then takes the lock to wake. The
 * waiter then sleeps under proc_lock until `woken`, which the waker sets under the
 * bucket lock and proc_lock, or until a signal or its timeout. Lock order: a bucket
 * lock (two, lower address first, for REQUEUE and WAKE_OP) → the locks a page fault
 * takes → proc_lock (docs/locking.md). */
#include <string.h>
#include "abi/errno.h"
#include "abi/futex.h"
#include "abi/time.h"
#include "kernel/futex.h"
#include "kernel/proc.h"
#include "kernel/realtime.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/user_time.h"
#include "mm/page.h"
#include "mm/pagetable.h"
#include "mm/usercopy.h"
#include "trap/timer.h"

#define NBUCKETS 64

struct futex_key {
	const void *space;   /* the mm, or the shared vm_object */
	uint64_t offset;     /* the address, or the byte offset in the object */
};

struct futex_bucket;

/* A sleeping thread, on its own kernel stack while it waits. */
struct futex_waiter {
	struct futex_key key;
	uint32_t bitset;
	struct proc *proc;
	int woken;                      /* taken off the queue by a waker */
	struct futex_bucket *bucket;    /* changes on REQUEUE, under both buckets' locks */
	struct futex_waiter *next, *prev;
};

struct futex_bucket {
	struct spinlock lock;
	struct futex_waiter *head;
};

/* GCC's range initializer: every bucket's lock named "futex". */
static struct futex_bucket buckets[NBUCKETS] = {
	[0 ... NBUCKETS - 1] = { .lock = SPINLOCK_INIT("futex") },
};

static struct futex_bucket *bucket_of(const struct futex_key *k)
{
	uint64_t h = (uint64_t)k->space ^ (k->offset * 0x9e3779b97f4a7c15UL);
	return &buckets[(h >> 32) % NBUCKETS];
}

static int same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->offset == b->offset;
}

/* The key of uaddr in the current address space: -EINVAL if misaligned, -EFAULT if
 * not mapped. */
static int key_of(uint64_t uaddr, int private, struct futex_key *k)
{
	struct mm *mm = current_proc()->mm;

	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (!user_range_ok(uaddr, sizeof(uint32_t)))
		return -EFAULT;
	k->space = mm;
	k->offset = uaddr;
	if (private)
		return 0;
	mm_lock_shared(mm);
	struct vma *v = vma_find(&mm->vmas, uaddr);
	if (v && (v->flags & VMA_SHARED) && v->obj) {
		k->space = v->obj;
		k->offset = v->pgoff * PAGE_SIZE + (uaddr - v->start);
	}
	mm_unlock_shared(mm);
	return v ? 0 : -EFAULT;
}

static void lock_buckets(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a > b) {
		struct futex_bucket *t = a;
		a = b;
		b = t;
	}
	spin_lock(&a->lock);
	if (b != a)
		spin_lock(&b->lock);
}

static void unlock_buckets(struct futex_bucket *a, struct futex_bucket *b)
{
	if (b != a)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

static void enqueue(struct futex_bucket *b, struct futex_waiter *w)
{
	w->bucket = b;
	w->prev = NULL;
	w->next = b->head;
	if (b->head)
		b->head->prev = w;
	b->head = w;
}

static void dequeue(struct futex_waiter *w)
{
	struct futex_bucket *b = w->bucket;

	if (w->prev)
		w->prev->next = w->next;
	else
		b->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->next = w->prev = NULL;
}

/* Takes w off its queue and wakes its thread; w's bucket lock held. */
static void wake_waiter(struct futex_waiter *w)
{
	dequeue(w);
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	w->woken = 1;
	wakeup_locked(w);
	spin_unlock_irqrestore(&proc_lock, flags);
}

/* Wakes up to n (at least one) waiters of k in b whose bitset meets bitset; b locked. */
static int wake_locked(struct futex_bucket *b, const struct futex_key *k, int n,
		       uint32_t bitset)
{
	int woken = 0;

	for (struct futex_waiter *w = b->head, *next; w; w = next) {
		next = w->next;
		if (!same_key(&w->key, k) || !(w->bitset & bitset))
			continue;
		wake_waiter(w);
		if (++woken >= n)
			break;
	}
	return woken;
}

long futex_wake(uint64_t uaddr, int private, int n, uint32_t bitset)
{
	struct futex_key k;
	int err = key_of(uaddr, private, &k);

	if (err)
		return err;
	if (!bitset)
		return -EINVAL;
	struct futex_bucket *b = bucket_of(&k);
	spin_lock(&b->lock);
	int woken = wake_locked(b, &k, n, bitset);
	spin_unlock(&b->lock);
	return woken;
}

/* Locks w's bucket, which a REQUEUE may change until it is locked. */
static struct futex_bucket *lock_waiter_bucket(struct futex_waiter *w)
{
	for (;;) {
		struct futex_bucket *b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		spin_lock(&b->lock);
		if (b == w->bucket)
			return b;
		spin_unlock(&b->lock);
	}
}

/* FUTEX_WAIT and FUTEX_WAIT_BITSET: deadline is an rdtime value, 0 for none. */
static long futex_wait(uint64_t uaddr, int private, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct futex_waiter w = { .bitset = bitset, .proc = current_proc() };
	uint32_t cur;
	long err = key_of(uaddr, private, &w.key);

	if (err)
		return err;
	if (!bitset)
		return -EINVAL;
	if (copy_from_user(&cur, uaddr, sizeof(cur)))   /* faults the page in unlocked */
		return -EFAULT;
	struct futex_bucket *b = bucket_of(&w.key);
	spin_lock(&b->lock);
	if (copy_from_user(&cur, uaddr, sizeof(cur)) || cur != val) {
		spin_unlock(&b->lock);
		return cur != val ? -EAGAIN : -EFAULT;
	}
	enqueue(b, &w);
	spin_unlock(&b->lock);

	unsigned long flags = spin_lock_irqsave(&proc_lock);
	while (!w.woken && !signal_pending(w.proc) && !(deadline && timer_read() >= deadline))
		sleep_locked(&w, deadline);
	int woken = w.woken;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (woken)
		return 0;
	b = lock_waiter_bucket(&w);
	woken = w.woken;   /* a waker may have come meanwhile: then it counts */
	if (!woken)
		dequeue(&w);
	spin_unlock(&b->lock);
	if (woken)
		return 0;
	if (deadline && timer_read() >= deadline)
		return -ETIMEDOUT;
	/* A signal: restarted if no handler runs, or an untimed wait's handler has
	 * SA_RESTART; else EINTR. A timed wait is not restarted after a handler (Linux
	 * restarts it through a restart block with the time left, which this kernel does
	 * not have), and a relative timeout restarts from its beginning. */
	long r = signal_interrupts_sleep();
	return deadline && r ? -ERESTARTNOHAND : r ? r : -EINTR;
}

/* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE (cmp: the value *uaddr must hold, else -EAGAIN):
 * wakes up to nwake waiters of uaddr and moves up to nmove others to uaddr2. */
static long futex_requeue(uint64_t uaddr, uint64_t uaddr2, int private, int nwake, int nmove,
			  int compare, uint32_t cmp)
{
	struct futex_key k1, k2;
	uint32_t cur;
	long err;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	if ((err = key_of(uaddr, private, &k1)) || (err = key_of(uaddr2, private, &k2)))
		return err;
	if (compare && copy_from_user(&cur, uaddr, sizeof(cur)))
		return -EFAULT;
	struct futex_bucket *b1 = bucket_of(&k1), *b2 = bucket_of(&k2);
	lock_buckets(b1, b2);
	if (compare && (copy_from_user(&cur, uaddr, sizeof(cur)) || cur != cmp)) {
		unlock_buckets(b1, b2);
		return cur != cmp ? -EAGAIN : -EFAULT;
	}
	/* Linux futex_requeue: the first nwake are woken, the next nmove moved. */
	long done = 0;
	for (struct futex_waiter *w = b1->head, *next; w && done - nwake < nmove; w = next) {
		next = w->next;
		if (!same_key(&w->key, &k1))
			continue;
		if (++done <= nwake) {
			wake_waiter(w);
			continue;
		}
		dequeue(w);
		w->key = k2;
		__atomic_store_n(&w->bucket, b2, __ATOMIC_RELEASE);
		enqueue(b2, w);
	}
	unlock_buckets(b1, b2);
	return done;
}

/* FUTEX_WAKE_OP's operation on the old value; its comparison, -ENOSYS if unknown. */
static uint32_t wake_op_apply(int op, uint32_t old, uint32_t oparg)
{
	switch (op) {
	case FUTEX_OP_SET: return oparg;
	case FUTEX_OP_ADD: return old + oparg;
	case FUTEX_OP_OR: return old | oparg;
	case FUTEX_OP_ANDN: return old & ~oparg;
	default: return old ^ oparg;   /* FUTEX_OP_XOR, checked before */
	}
}

static int wake_op_compare(int cmp, int32_t old, int32_t cmparg)
{
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: return old == cmparg;
	case FUTEX_OP_CMP_NE: return old != cmparg;
	case FUTEX_OP_CMP_LT: return old < cmparg;
	case FUTEX_OP_CMP_LE: return old <= cmparg;
	case FUTEX_OP_CMP_GT: return old > cmparg;
	default: return old >= cmparg;   /* FUTEX_OP_CMP_GE, checked before */
	}
}

static int32_t sign_extend12(uint32_t v)
{
	return (int32_t)(v << 20) >> 20;
}

/* FUTEX_WAKE_OP: atomically *uaddr2 = op(*uaddr2, oparg); wakes up to nwake waiters of
 * uaddr, and if the old *uaddr2 compares true, up to nwake2 of uaddr2. */
static long futex_wake_op(uint64_t uaddr, uint64_t uaddr2, int private, int nwake, int nwake2,
			  uint32_t encoded)
{
	int op = (encoded >> 28) & 0xf, cmp = (encoded >> 24) & 0xf;
	uint32_t oparg = (uint32_t)sign_extend12((encoded >> 12) & 0xfff);
	int32_t cmparg = sign_extend12(encoded & 0xfff);
	struct futex_key k1, k2;
	long err;

	if ((err = key_of(uaddr, private, &k1)) || (err = key_of(uaddr2, private, &k2)))
		return err;
	if (op & FUTEX_OP_OPARG_SHIFT) {
		oparg = 1u << (oparg & 31);   /* Linux masks a bad shift the same way */
		op &= ~FUTEX_OP_OPARG_SHIFT;
	}
	if (op > FUTEX_OP_XOR || cmp > FUTEX_OP_CMP_GE)
		return -ENOSYS;
	struct futex_bucket *b1 = bucket_of(&k1), *b2 = bucket_of(&k2);
	lock_buckets(b1, b2);
	uint32_t *word = futex_word(uaddr2);
	if (!word) {
		unlock_buckets(b1, b2);
		return -EFAULT;
	}
	uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(word, &old, wake_op_apply(op, old, oparg), 0,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
	futex_word_done();
	long woken = wake_locked(b1, &k1, nwake, FUTEX_BITSET_MATCH_ANY);
	if (wake_op_compare(cmp, (int32_t)old, cmparg))
		woken += wake_locked(b2, &k2, nwake2, FUTEX_BITSET_MATCH_ANY);
	unlock_buckets(b1, b2);
	return woken;
}

uint32_t *futex_word(uint64_t uaddr)
{
	struct mm *mm = current_proc()->mm;
	int level;

	if (uaddr % sizeof(uint32_t) || !user_range_ok(uaddr, sizeof(uint32_t)))
		return NULL;
	mm_lock_shared(mm);
	for (int tries = 0; tries < 2; tries++) {
		/* One load: under the shared lock another thread's fault may be filling the
		 * entry in; a writable one stays as it is until the lock is dropped. */
		pte_t *pte = pt_walk(&kernel_pt_env, mm->root, PAGE_ROUND_DOWN(uaddr), &level);
		pte_t e = pte ? __atomic_load_n(pte, __ATOMIC_RELAXED) : 0;
		if ((e & PTE_V) && (e & PTE_W) && (e & PTE_U))
			return phys_to_virt(PTE_TO_PA(e) + (uaddr & (PT_LEVEL_SIZE(level) - 1)));
		/* Not there yet, or copy-on-write: as a store by the program would. */
		if (uvm_fault(mm, uaddr, FAULT_WRITE))
			break;
	}
	mm_unlock_shared(mm);
	return NULL;
}

void futex_word_done(void)
{
	mm_unlock_shared(current_proc()->mm);
}

/* The rdtime deadline of a futex timeout: relative for FUTEX_WAIT, absolute (on the
 * monotonic clock, or the wall clock with FUTEX_CLOCK_REALTIME) for FUTEX_WAIT_BITSET.
 * 0: none. */
static long deadline_of(uint64_t uts, int absolute, int realtime, uint64_t *deadline)
{
	uint64_t ns;

	*deadline = 0;
	if (!uts)
		return 0;
	long err = timespec_ns_from_user(uts, &ns);
	if (err)
		return err;
	if (!absolute) {
		*deadline = timer_deadline_after_ns(ns);
	} else {
		if (realtime) {
			int64_t mono = (int64_t)ns - realtime_offset_ns();
			ns = mono < 0 ? 0 : (uint64_t)mono;
		}
		*deadline = timer_deadline_at_ns(ns);
	}
	if (!*deadline)
		*deadline = 1;   /* already past: 0 would mean no timeout */
	return 0;
}

long sys_futex(uint64_t uaddr, uint64_t op, uint64_t val, uint64_t utime, uint64_t uaddr2,
	       uint64_t val3)
{
	int cmd = (int)op & FUTEX_CMD_MASK, private = (op & FUTEX_PRIVATE_FLAG) != 0;
	int realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
	/* For the requeue and wake-op commands the timeout argument is a count (val2). */
	int val2 = (int)utime;
	uint64_t deadline;
	long err;

	/* Linux: FUTEX_CLOCK_REALTIME only with the absolute waits. */
	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fallthrough */
	case FUTEX_WAIT_BITSET:
		if ((err = deadline_of(utime, cmd == FUTEX_WAIT_BITSET, realtime, &deadline)))
			return err;
		return futex_wait(uaddr, private, (uint32_t)val, deadline, (uint32_t)val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fallthrough */
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, (uint32_t)val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, val2, 0, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, val2, 1, (uint32_t)val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val, val2, (uint32_t)val3);
	default:
		/* The priority-inheritance operations (glibc uses them only for PI mutexes),
		 * FUTEX_FD (gone from Linux) and unknown ones: Linux's answer to an unknown
		 * command. */
		return -ENOSYS;
	}
}
