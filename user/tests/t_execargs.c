/* execve's argument limits, as Linux's (fs/exec.c): the strings (the path's included) and
 * their pointers may take a quarter of the stack limit, exactly that much included, and
 * one byte more is E2BIG, as is a string longer than MAX_ARG_STRLEN; the new image gets
 * every byte. And execve needs no run of free physical pages: it works with free memory
 * cut into single pages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <syscall.h>
#include <unistd.h>

#include "testlib.h"

#define SELF "/bin/t_execargs"
#define CHILD_FLAG "--check-args"
#define ENV_VAR "T_EXECARGS=1"
#define FILL_CHAR 'x'
#define MAX_ARG_STRLEN (32 * 4096)   /* Linux's, the NUL included */
#define RLIMIT_STACK 3
#define MAX_FILLERS 64
#define FRAGMENT_ARGS (48 * 1024)    /* below the 64 KiB the old execve copied into one buffer */
#define LOW_FREE_PAGES 8             /* fewer than any multi-page allocation needs */

/* One string of MAX_ARG_STRLEN - 1 fill characters: its suffixes are the filler strings. */
static char *fill;

/* Linux's limit for a stack rlimit of rlim (bprm_stack_limits): a quarter of it, at most
 * 3/4 of _STK_LIM (8 MiB), at least ARG_MAX (32 pages). */
static long arg_limit(void)
{
    unsigned long rlim[2];
    check_eq("prlimit64(RLIMIT_STACK)", syscall6(SYS_prlimit64, 0, RLIMIT_STACK, 0,
             (long)rlim, 0, 0), 0);
    long limit = (long)(rlim[0] / 4);
    if (limit > 6L << 20)
        limit = 6L << 20;
    return limit < 32 * 4096 ? 32 * 4096 : limit;
}

/* What the limit counts for one string: its bytes with the NUL, and its pointer. */
static long cost(const char *s)
{
    return (long)strlen(s) + 1 + (long)sizeof(char *);
}

/* The new image: its strings must add up to the total in argv[2], and the fillers be
 * intact. Exit 0 if so, 100 if not. */
static int check_args(int argc, char **argv, char **envp)
{
    long total = (long)strlen((const char *)getauxval(AT_EXECFN)) + 1;
    for (int i = 0; i < argc; i++)
        total += cost(argv[i]);
    for (char **e = envp; *e; e++)
        total += cost(*e);
    for (int i = 3; i < argc; i++)
        for (const char *c = argv[i]; *c; c++)
            if (*c != FILL_CHAR)
                return 100;
    int execfn_ok = strcmp((const char *)getauxval(AT_EXECFN), SELF) == 0;
    return total == atoi(argv[2]) && execfn_ok && argv[argc] == NULL ? 0 : 100;
}

/* Arguments for this program whose strings and pointers cost total in all: the fixed
 * ones, then fillers of MAX_ARG_STRLEN bytes (the last one shorter). */
struct args {
    char *argv[4 + MAX_FILLERS];
    char *envp[2];
    char total[16];
};

static void build_args(struct args *a, long total)
{
    a->envp[0] = ENV_VAR;
    a->envp[1] = NULL;
    snprintf(a->total, sizeof(a->total), "%09ld", total);   /* fixed width: fixed cost */
    a->argv[0] = SELF;
    a->argv[1] = CHILD_FLAG;
    a->argv[2] = a->total;
    long left = total - (long)strlen(SELF) - 1 - cost(SELF) - cost(CHILD_FLAG) -
                cost(a->total) - cost(ENV_VAR);
    int n = 3;
    while (left > 0) {
        check_true("arguments fit the table", n < 3 + MAX_FILLERS, n);
        long size = left - (long)sizeof(char *);
        if (size > MAX_ARG_STRLEN)
            size = MAX_ARG_STRLEN;
        check_true("filler sizes work out", size >= 1, left);
        a->argv[n++] = fill + (MAX_ARG_STRLEN - size);
        left -= size + (long)sizeof(char *);
    }
    a->argv[n] = NULL;
}

/* Runs execve in a child; returns the child's exit code: the new image's verdict (0 or
 * 100), or the errno execve failed with. */
static int exec_in_child(char **argv, char **envp)
{
    long pid = fork();
    if (pid == 0)
        sys_exit((int)-sys_execve(SELF, argv, envp));
    check_true("fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_true("child exited", WIFEXITED(status), status);
    return WEXITSTATUS(status);
}

static void limits(void)
{
    static struct args a;
    long limit = arg_limit();

    build_args(&a, limit);
    check_eq("strings and pointers filling the limit exactly", exec_in_child(a.argv, a.envp), 0);
    build_args(&a, limit - 1);
    check_eq("one byte below the limit", exec_in_child(a.argv, a.envp), 0);
    build_args(&a, limit + 1);
    check_eq("one byte over the limit: E2BIG", exec_in_child(a.argv, a.envp), E2BIG);

    /* The limit filled exactly, then one more (empty) string. */
    build_args(&a, limit);
    int n = 0;
    while (a.argv[n])
        n++;
    a.argv[n] = "";
    a.argv[n + 1] = NULL;
    check_eq("an empty string past the full limit: E2BIG", exec_in_child(a.argv, a.envp), E2BIG);

    /* A string of MAX_ARG_STRLEN bytes and NUL, far below the total limit. */
    char *too_long = malloc(MAX_ARG_STRLEN + 1);
    check_true("malloc", too_long != NULL, 0);
    memset(too_long, FILL_CHAR, MAX_ARG_STRLEN);
    too_long[MAX_ARG_STRLEN] = '\0';
    char *argv[] = { SELF, CHILD_FLAG, "0", too_long, NULL };
    check_eq("a string longer than MAX_ARG_STRLEN: E2BIG", exec_in_child(argv, a.envp), E2BIG);
    free(too_long);

    char *bad_string[] = { SELF, (char *)16, NULL };
    check_eq("a bad string pointer: EFAULT", exec_in_child(bad_string, a.envp), EFAULT);
}

static long free_pages(void)
{
    struct sysinfo info;
    check_eq("sysinfo", sys_sysinfo(&info), 0);
    return (long)(info.freeram * info.mem_unit / PAGE_SIZE);
}

/* Leaves free memory in single pages: the pages of two mappings are touched in turn until
 * almost nothing is free, so that neighbouring physical pages go to different mappings,
 * then one mapping goes. */
static void fragment_memory(void)
{
    unsigned long length = (unsigned long)free_pages() * PAGE_SIZE;
    volatile char *kept = map_anon(length), *dropped = map_anon(length);
    unsigned long page = 0;

    for (long left; (left = free_pages()) > LOW_FREE_PAGES;) {
        /* A quarter of what is left a round: the page tables need some too. */
        for (long n = (left - LOW_FREE_PAGES) / 4 + 1; n > 0; n--, page++) {
            kept[page * PAGE_SIZE] = 1;
            dropped[page * PAGE_SIZE] = 1;
        }
    }
    check_eq("munmap", sys_munmap((void *)dropped, length), 0);
}

/* In a child, which fragments memory and execs with 48 KiB of arguments. */
static void exec_with_fragmented_memory(void)
{
    static struct args a;
    build_args(&a, FRAGMENT_ARGS);

    long pid = fork();
    if (pid == 0) {
        fragment_memory();
        sys_exit((int)-sys_execve(SELF, a.argv, a.envp));
    }
    check_true("fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("execve with free memory in single pages", status, 0);
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 2 && strcmp(argv[1], CHILD_FLAG) == 0)
        return check_args(argc, argv, envp);
    fill = malloc(MAX_ARG_STRLEN);
    check_true("malloc", fill != NULL, 0);
    memset(fill, FILL_CHAR, MAX_ARG_STRLEN - 1);
    fill[MAX_ARG_STRLEN - 1] = '\0';
    limits();
    exec_with_fragmented_memory();
    free(fill);
    return 0;
}
