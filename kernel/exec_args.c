/* execve's argument and environment strings (see kernel/exec_args.h). Measuring and
 * copying are one walk over the strings, with or without an address space to write
 * into: the copy cannot disagree with the measurement, and both stop at the same
 * bounds. */
#include <string.h>
#include "abi/errno.h"
#include "kernel/exec_args.h"
#include "mm/page.h"
#include "mm/usercopy.h"

/* Where the walk puts strings and their pointers. */
struct placement {
	struct mm *mm;       /* NULL: measure only */
	uint64_t dst, end;   /* the next string goes at dst; strings must end by end */
	uint64_t slot;       /* where its pointer goes */
	char *buf;           /* one page on the way through */
};

/* Entry i of the pointer array at vec. */
static int get_pointer(const struct exec_args *a, uint64_t vec, long i, uint64_t *ptr)
{
	uint64_t at = vec + i * sizeof(uint64_t);

	if (a->kernel) {
		*ptr = *(const uint64_t *)at;
		return 0;
	}
	return copy_from_user(ptr, at, sizeof(*ptr));
}

/* strncpy_from_user for either kind of memory: copies up to n bytes of the string at
 * src into buf; its length, or -ENAMETOOLONG when n bytes held no NUL (all copied). */
static long get_chunk(const struct exec_args *a, char *buf, uint64_t src, size_t n)
{
	if (!a->kernel)
		return strncpy_from_user(buf, src, n);
	size_t len = strnlen((const char *)src, n);
	memcpy(buf, (const char *)src, len < n ? len + 1 : n);
	return len < n ? (long)len : -ENAMETOOLONG;
}

/* Puts the string at src at pl->dst (only measures it without pl->mm), at most max
 * bytes: returns its size with the NUL, more than max when it is longer, or an error. */
static long put_string(const struct exec_args *a, uint64_t src, size_t max,
		       const struct placement *pl)
{
	size_t done = 0;

	while (done < max) {
		size_t n = max - done < PAGE_SIZE ? max - done : PAGE_SIZE;
		long len = get_chunk(a, pl->buf, src + done, n);
		if (len < 0 && len != -ENAMETOOLONG)
			return len;
		size_t got = len < 0 ? n : (size_t)len + 1;
		int err = pl->mm ? uvm_write(pl->mm, pl->dst + done, pl->buf, got) : 0;
		if (err)
			return err;
		done += got;
		if (len >= 0)
			return (long)done;
	}
	return (long)max + 1;
}

/* Puts strings first..n-1 of vec one after another, and their pointers, then a NULL if
 * terminate says so. */
static int put_vector(const struct exec_args *a, uint64_t vec, long first, long n, int terminate,
		      struct placement *pl)
{
	uint64_t null = 0;

	for (long i = first; i < n; i++) {
		uint64_t src;
		int err = get_pointer(a, vec, i, &src);
		if (err)
			return err;
		uint64_t room = pl->end - pl->dst;
		size_t max = room < MAX_ARG_STRLEN ? room : MAX_ARG_STRLEN;
		long size = put_string(a, src, max, pl);
		if (size < 0)
			return (int)size;
		if ((size_t)size > max)
			return -E2BIG;
		err = pl->mm ? uvm_write(pl->mm, pl->slot, &pl->dst, sizeof(pl->dst)) : 0;
		if (err)
			return err;
		pl->dst += size;
		pl->slot += sizeof(uint64_t);
	}
	if (!terminate)
		return 0;
	int err = pl->mm ? uvm_write(pl->mm, pl->slot, &null, sizeof(null)) : 0;
	pl->slot += sizeof(uint64_t);
	return err;
}

long exec_args_argc(const struct exec_args *a)
{
	return a->nprefix + a->argc - (a->nprefix && a->argc);
}

/* The prefix's strings, argv's, then envp's, through one bounce page. */
static int put_strings(const struct exec_args *a, struct placement *pl)
{
	struct exec_args prefix = *a;
	uint64_t page = page_alloc();
	if (!page)
		return -ENOMEM;
	pl->buf = phys_to_virt(page);
	prefix.kernel = 1;
	int err = put_vector(&prefix, (uint64_t)a->prefix, 0, a->nprefix, 0, pl);
	if (!err)
		err = put_vector(a, a->argv, a->nprefix && a->argc, a->argc, 1, pl);
	if (!err)
		err = put_vector(a, a->envp, 0, a->envc, 1, pl);
	page_free(page);
	return err;
}

/* Linux's count(): the entries of vec before its NULL, read up to the point where
 * their pointers alone would pass the limit. */
static int count_pointers(const struct exec_args *a, uint64_t vec, long *n)
{
	for (*n = 0; vec; (*n)++) {
		uint64_t ptr;
		if ((uint64_t)(*n + 1) * sizeof(ptr) > ARG_LIMIT)
			return -E2BIG;
		int err = get_pointer(a, vec, *n, &ptr);
		if (err)
			return err;
		if (!ptr)
			break;
	}
	return 0;
}

int exec_args_measure(struct exec_args *a)
{
	int err = count_pointers(a, a->argv, &a->argc);
	if (!err)
		err = count_pointers(a, a->envp, &a->envc);
	if (err)
		return err;
	/* The pointers are counted in (Linux bprm_stack_limits), and so is the path. */
	uint64_t fixed = (uint64_t)(exec_args_argc(a) + a->envc) * sizeof(uint64_t) +
			 strlen(a->path) + 1;
	if (fixed > ARG_LIMIT)
		return -E2BIG;
	struct placement pl = { .mm = NULL, .dst = 0, .end = ARG_LIMIT - fixed };
	err = put_strings(a, &pl);
	a->bytes = pl.dst + strlen(a->path) + 1;
	return err;
}

int exec_args_copy(const struct exec_args *a, struct mm *mm, uint64_t strings,
		   uint64_t vectors, uint64_t *execfn)
{
	size_t path_size = strlen(a->path) + 1;
	struct placement pl = { .mm = mm, .dst = strings, .slot = vectors,
				.end = strings + a->bytes - path_size };
	int err = put_strings(a, &pl);
	if (err)
		return err;
	*execfn = pl.end;
	return uvm_write(mm, *execfn, a->path, path_size);
}
