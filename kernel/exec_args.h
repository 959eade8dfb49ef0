/* execve's argument and environment strings (kernel/exec.c), with Linux's limits and
 * errors (fs/exec.c): measured first, then copied from wherever they are straight onto
 * the new program's stack, a page at a time. Nothing is allocated in proportion to their
 * size, so exec works however fragmented free memory is. */
#ifndef KERNEL_EXEC_ARGS_H
#define KERNEL_EXEC_ARGS_H
#include <stdint.h>
#include "mm/uvm.h"

/* Linux's limits (bprm_stack_limits, valid_arg_len): the strings and the pointers to
 * them take at most a quarter of the stack limit (USER_STACK_SIZE here, which prlimit64
 * reports), and no string is longer than 32 pages, its NUL included. Beyond either,
 * execve fails with E2BIG. */
#define ARG_LIMIT (USER_STACK_SIZE / 4)
#define MAX_ARG_STRLEN (32 * PAGE_SIZE)

struct exec_args {
	const char *path;      /* kernel memory; also goes on the stack, for AT_EXECFN */
	uint64_t argv, envp;   /* NULL-terminated arrays of string pointers; 0: none */
	int kernel;            /* argv, envp and their strings are kernel memory (init's) */
	/* A #! script's interpreter, its argument and the script's path (kernel/exec.c):
	 * kernel strings that come first, in place of argv[0]. */
	const char *prefix[3];
	int nprefix;
	long argc, envc;       /* set by exec_args_measure */
	uint64_t bytes;        /* likewise: every string's size with its NUL, path's too */
};

/* argc as the program sees it: the prefix, then argv without the argv[0] it replaces. */
long exec_args_argc(const struct exec_args *a);

/* Counts and measures the strings against the limits: 0, -EFAULT, -E2BIG or -ENOMEM. */
int exec_args_measure(struct exec_args *a);

/* Writes the measured strings into mm at strings (argv's, envp's, then path, which
 * *execfn receives the address of; a->bytes in all) and at vectors the arrays the ELF
 * ABI's initial stack wants: argv[], NULL, envp[], NULL. 0 or a negative errno. */
int exec_args_copy(const struct exec_args *a, struct mm *mm, uint64_t strings,
		   uint64_t vectors, uint64_t *execfn);

#endif
