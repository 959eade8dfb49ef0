/* A static program built against glibc (Debian's riscv64-linux-gnu toolchain, rv64gc)
 * runs unchanged: glibc's start-up system calls (brk, set_tid_address, set_robust_list,
 * prlimit64, readlinkat of /proc/self/exe, getrandom, mprotect, newfstatat), stdio,
 * malloc through brk and through mmap, and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "check.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int main(int argc, char **argv)
{
    check("argv[0] names the program", argc >= 1 && ends_with(argv[0], "t_glibc_hello"));

    struct rlimit stack;
    check("getrlimit(RLIMIT_STACK)", getrlimit(RLIMIT_STACK, &stack) == 0);
    check("the stack limit is 8 MiB", stack.rlim_cur == 8u << 20);

    char exe[64] = { 0 };
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    check("readlink(/proc/self/exe)", n > 0 && strcmp(exe, "/bin/t_glibc_hello") == 0);

    char *small = malloc(100);                 /* from the brk heap */
    char *large = malloc(4 << 20);             /* its own mmap */
    check("malloc", small && large);
    strcpy(small, "hello");
    memset(large, 0x5a, 4 << 20);
    check("large block writable", large[(4 << 20) - 1] == 0x5a);
    small = realloc(small, 100000);
    check("realloc keeps contents", small && strcmp(small, "hello") == 0);
    free(large);
    free(small);

    printf("t_glibc_hello: glibc says %s from pid %d\n", "hello", (int)getpid());
    return failures ? 1 : 0;
}
