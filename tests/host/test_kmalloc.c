/* Host tests for mm/kmalloc.c. The page source is aligned_alloc with a page counter, an
 * optional budget, and a record of every block so that frees are checked against what
 * was handed out. New pages are filled with garbage so nothing relies on zeroed memory. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "tests/host/check.h"
#include "tests/host/host_printk.h"

#define MAX_BLOCKS 4096

static struct {
	void *va;
	size_t npages;
} blocks[MAX_BLOCKS];
static size_t source_pages;   /* pages currently given to the heap */
static long source_budget = -1;

static void *source_alloc(void *ctx, size_t npages)
{
	(void)ctx;
	if (source_budget == 0)
		return NULL;
	if (source_budget > 0)
		source_budget--;
	void *va = aligned_alloc(PAGE_SIZE, npages * PAGE_SIZE);
	memset(va, 0xcc, npages * PAGE_SIZE);
	for (int i = 0; i < MAX_BLOCKS; i++) {
		if (!blocks[i].va) {
			blocks[i].va = va;
			blocks[i].npages = npages;
			break;
		}
	}
	source_pages += npages;
	return va;
}

static void source_free(void *ctx, void *va, size_t npages)
{
	(void)ctx;
	int found = 0;
	for (int i = 0; i < MAX_BLOCKS; i++) {
		if (blocks[i].va == va) {
			CHECK(blocks[i].npages == npages);
			blocks[i].va = NULL;
			found = 1;
		}
	}
	CHECK(found);
	source_pages -= npages;
	free(va);
}

static const struct kheap_source source = { source_alloc, source_free, NULL };

static void fill(void *p, size_t size, unsigned seed)
{
	for (size_t i = 0; i < size; i++)
		((unsigned char *)p)[i] = (unsigned char)(seed * 131 + i * 7 + 1);
}

static bool holds_pattern(const void *p, size_t size, unsigned seed)
{
	for (size_t i = 0; i < size; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)(seed * 131 + i * 7 + 1))
			return false;
	return true;
}

static bool heap_is_empty(void)
{
	return kmalloc_pages_held() == 0 && source_pages == 0;
}

static void test_every_size_class_and_large(void)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 31, 32, 33, 64, 100, 128, 200, 256, 500,
					512, 1000, 1024, 1025, 2048, 4000, 4080, 4081, 5000,
					8192, 100000 };
	int reports = host_printk_count;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *p = kmalloc(sizes[i]);
		CHECK(p != NULL && (uintptr_t)p % 16 == 0);
		if (!p)
			continue;
		fill(p, sizes[i], i);
		CHECK(holds_pattern(p, sizes[i], i));
		/* Large blocks take just enough pages for the size and a 16-byte header. */
		size_t pages = sizes[i] <= 1024 ? 1 : (sizes[i] + 16 + PAGE_SIZE - 1) / PAGE_SIZE;
		CHECK(kmalloc_pages_held() == pages && source_pages == pages);
		kfree(p);
		CHECK(heap_is_empty());
	}
	CHECK(host_printk_count == reports);
}

/* Objects of one class share a page and are at least a class size apart. */
static void test_class_objects_share_pages(void)
{
	void *p[252 * 2 + 1];

	for (int i = 0; i < 252; i++)
		p[i] = kmalloc(16);
	CHECK(kmalloc_pages_held() == 1);
	for (int i = 1; i < 252; i++)
		CHECK((char *)p[i] - (char *)p[i - 1] == 16 || (char *)p[i - 1] - (char *)p[i] == 16);
	for (int i = 252; i < 252 * 2 + 1; i++)
		p[i] = kmalloc(9);
	CHECK(kmalloc_pages_held() == 3);

	/* A slot freed in a full page is used before any new page. */
	void *slot = p[100];
	kfree(slot);
	p[100] = kmalloc(16);
	CHECK(p[100] == slot && kmalloc_pages_held() == 3);

	/* Emptying a page gives it back at once. */
	for (int i = 0; i < 252; i++)
		kfree(p[i]);
	CHECK(kmalloc_pages_held() == 2);
	for (int i = 252; i < 252 * 2 + 1; i++)
		kfree(p[i]);
	CHECK(heap_is_empty());

	/* Three 1024-byte objects fit next to the header, a fourth needs a new page. */
	void *q[4];
	for (int i = 0; i < 3; i++)
		q[i] = kmalloc(1024);
	CHECK(kmalloc_pages_held() == 1);
	q[3] = kmalloc(1000);
	CHECK(q[3] != NULL && kmalloc_pages_held() == 2);
	for (int i = 0; i < 4; i++)
		kfree(q[i]);
	CHECK(heap_is_empty());
}

struct block {
	char *p;
	size_t size;
	unsigned seed;
};

static int by_address(const void *a, const void *b)
{
	const struct block *x = a, *y = b;
	return x->p < y->p ? -1 : x->p > y->p;
}

static void test_blocks_are_distinct(void)
{
	static const size_t sizes[] = { 24, 16, 3000, 64, 1, 700, 128, 9000, 48, 512, 250 };
	enum { N = 1500 };
	static struct block b[N];

	for (int i = 0; i < N; i++) {
		b[i].size = sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
		b[i].seed = i;
		b[i].p = kmalloc(b[i].size);
		CHECK(b[i].p && (uintptr_t)b[i].p % 16 == 0);
		if (b[i].p)
			fill(b[i].p, b[i].size, i);
	}
	for (int i = 0; i < N; i++)
		CHECK(b[i].p && holds_pattern(b[i].p, b[i].size, i));
	qsort(b, N, sizeof(b[0]), by_address);
	for (int i = 1; i < N; i++)
		CHECK(b[i - 1].p + b[i - 1].size <= b[i].p);
	for (int i = 0; i < N; i++)
		kfree(b[i].p);
	CHECK(heap_is_empty());
}

static uint32_t rng_state;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void test_random_stress(void)
{
	enum { SLOTS = 600, OPS = 40000 };
	static struct block live[SLOTS];
	int reports = host_printk_count;
	size_t peak = 0;

	rng_state = 42;
	memset(live, 0, sizeof(live));
	for (int op = 0; op < OPS; op++) {
		struct block *b = &live[rng() % SLOTS];
		if (b->p) {
			CHECK(holds_pattern(b->p, b->size, b->seed));
			kfree(b->p);
			b->p = NULL;
			continue;
		}
		b->size = rng() % 8 == 0 ? rng() % 12000 + 1 : rng() % 1024 + 1;
		b->seed = op;
		b->p = kmalloc(b->size);
		CHECK(b->p && (uintptr_t)b->p % 16 == 0);
		if (b->p)
			fill(b->p, b->size, b->seed);
		if (kmalloc_pages_held() > peak)
			peak = kmalloc_pages_held();
	}
	CHECK(peak > 50);
	/* Free what is left in a random order (a Fisher-Yates shuffle of the slots). */
	int order[SLOTS];
	for (int i = 0; i < SLOTS; i++)
		order[i] = i;
	for (int i = SLOTS - 1; i > 0; i--) {
		int j = rng() % (i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < SLOTS; i++) {
		struct block *b = &live[order[i]];
		if (b->p) {
			CHECK(holds_pattern(b->p, b->size, b->seed));
			kfree(b->p);
		}
	}
	CHECK(host_printk_count == reports);
	CHECK(heap_is_empty());
}

/* The pointer printed after "caller" in the last report, or NULL. */
static uintptr_t reported_caller(void)
{
	const char *s = strstr(host_printk_last, "caller ");
	void *p = NULL;
	if (!s || sscanf(s, "caller %p", &p) != 1)
		return 0;
	return (uintptr_t)p;
}

static bool reported(const char *what, const void *p)
{
	char ptr[32];
	snprintf(ptr, sizeof(ptr), "%p", p);
	return strstr(host_printk_last, what) && strstr(host_printk_last, ptr);
}

static __attribute__((noinline)) void free_from_here(void *p)
{
	kfree(p);
	__asm__ volatile("" ::: "memory");   /* keeps the call from becoming a tail call */
}

static void test_double_free_reported(void)
{
	char *p = kmalloc(40), *q = kmalloc(40);
	int reports = host_printk_count;

	fill(q, 40, 7);
	kfree(p);
	CHECK(host_printk_count == reports);
	free_from_here(p);
	CHECK(host_printk_count == reports + 1);
	CHECK(reported("double free", p));
	uintptr_t caller = reported_caller();
	CHECK(caller > (uintptr_t)free_from_here && caller < (uintptr_t)free_from_here + 256);

	/* Ignored: the slot is handed out once, q is untouched and still counts. */
	char *a = kmalloc(40), *b = kmalloc(40);
	CHECK(a && b && a != b && a != q && b != q);
	fill(a, 40, 1);
	fill(b, 40, 2);
	CHECK(holds_pattern(q, 40, 7) && holds_pattern(a, 40, 1));
	kfree(a);
	kfree(b);
	CHECK(kmalloc_pages_held() == 1);
	kfree(q);
	CHECK(heap_is_empty());

}

static void test_invalid_free_reported(void)
{
	int reports = host_printk_count;
	char *foreign = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(foreign, 0, PAGE_SIZE);

	free_from_here(foreign + 64);
	CHECK(host_printk_count == reports + 1 && reported("invalid pointer", foreign + 64));
	uintptr_t caller = reported_caller();
	CHECK(caller > (uintptr_t)free_from_here && caller < (uintptr_t)free_from_here + 256);
	kfree(foreign);
	CHECK(host_printk_count == reports + 2);

	/* Inside an object, or inside the page header, of a class page. */
	char *p = kmalloc(64);
	fill(p, 64, 3);
	kfree(p + 16);
	CHECK(host_printk_count == reports + 3 && reported("invalid pointer", p + 16));
	kfree(p + 1);
	char *page = (char *)((uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
	kfree(page + 8);
	kfree(page);
	kfree(page + PAGE_SIZE - 16);   /* past the last whole 64-byte object */
	CHECK(host_printk_count == reports + 7);
	CHECK(holds_pattern(p, 64, 3) && kmalloc_pages_held() == 1);

	/* Inside a large block. */
	char *big = kmalloc(5000);
	kfree(big + 16);
	kfree(big - 16);
	kfree(big - 8);
	CHECK(host_printk_count == reports + 10);
	CHECK(kmalloc_pages_held() == 3);

	kfree(big);
	kfree(p);
	CHECK(host_printk_count == reports + 10);
	CHECK(heap_is_empty());
	free(foreign);
}

static void test_kzalloc_zeroes(void)
{
	char *keep = kmalloc(200);   /* keeps the class page from going back */
	char *p = kmalloc(200);
	memset(p, 0xff, 200);
	kfree(p);
	char *z = kzalloc(200);
	CHECK(z == p);   /* the same slot, still holding 0xff before kzalloc */
	int nonzero = 0;
	for (int i = 0; i < 200; i++)
		nonzero += z[i] != 0;
	CHECK(nonzero == 0);
	kfree(z);
	kfree(keep);

	/* New source pages hold garbage (0xcc). */
	char *big = kzalloc(20000);
	nonzero = 0;
	for (int i = 0; i < 20000; i++)
		nonzero += big[i] != 0;
	CHECK(big && nonzero == 0);
	kfree(big);
	CHECK(heap_is_empty());
}

static void test_null_zero_and_exhaustion(void)
{
	int reports = host_printk_count;

	CHECK(kmalloc(0) == NULL && kzalloc(0) == NULL);
	kfree(NULL);
	CHECK(host_printk_count == reports);
	CHECK(kmalloc(SIZE_MAX) == NULL && kmalloc(SIZE_MAX - PAGE_SIZE) == NULL);
	CHECK(heap_is_empty());

	source_budget = 0;
	CHECK(kmalloc(16) == NULL && kmalloc(5000) == NULL && kzalloc(100) == NULL);
	CHECK(heap_is_empty());

	/* With one page left, a class page can still serve many objects. */
	source_budget = 1;
	void *a = kmalloc(32), *b = kmalloc(32);
	CHECK(a && b && kmalloc(64) == NULL);
	source_budget = -1;
	kfree(a);
	kfree(b);
	CHECK(heap_is_empty() && host_printk_count == reports);
}

int main(void)
{
	kmalloc_init(&source);
	TEST(test_every_size_class_and_large);
	TEST(test_class_objects_share_pages);
	TEST(test_blocks_are_distinct);
	TEST(test_random_stress);
	TEST(test_double_free_reported);
	TEST(test_invalid_free_reported);
	TEST(test_kzalloc_zeroes);
	TEST(test_null_zero_and_exhaustion);
	return TESTS_DONE();
}
