/* t_exec [SELF]: execve of this program itself (SELF, default /bin/t_exec) with a marker
 * argument and a one-variable environment; the new image checks what it was given: argv,
 * envp and the auxiliary vector. Also the errors of execve: a missing path and bad pointers.
 * The auxv checks run in the first image too. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define CHILD_FLAG "--exec-child"
#define MARKER "marker-7e3f"
#define ENV_VAR "T_EXEC_VAR=hello exec"
#define PT_LOAD 1
#define PHDR_SIZE 56    /* sizeof(Elf64_Phdr) */

void _start(void);

/* An invalid user pointer, laundered through a volatile so that the compiler does not
 * diagnose passing it on. */
static void *bad_pointer(void)
{
    volatile uintptr_t address = 1;
    return (void *)address;
}

static void check_auxv(void)
{
    check_eq("AT_PAGESZ", (long)getauxval(AT_PAGESZ), (long)PAGE_SIZE);
    check_eq("AT_ENTRY is _start", (long)getauxval(AT_ENTRY), (long)(uintptr_t)_start);

    unsigned long phdr = getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    check_true("AT_PHDR present", phdr != 0, (long)phdr);
    check_true("AT_PHNUM present", phnum > 0, (long)phnum);
    int loads = 0;
    for (unsigned long i = 0; i < phnum; i++)
        if (*(const uint32_t *)(phdr + i * PHDR_SIZE) == PT_LOAD)
            loads++;
    check_true("AT_PHDR points at program headers with a PT_LOAD", loads > 0, loads);

    const volatile unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    check_true("AT_RANDOM present", random != NULL, 0);
    unsigned sum = 0;
    for (int i = 0; i < 16; i++)
        sum += random[i];
    (void)sum;
}

/* The new image: checks its arguments, environment and auxv. */
static int exec_child(int argc, char **argv, char **envp)
{
    check_eq("argc after execve", argc, 3);
    check_eq("argv[1] after execve", strcmp(argv[1], CHILD_FLAG), 0);
    check_eq("argv[2] after execve", strcmp(argv[2], MARKER), 0);
    check_true("argv ends with NULL", argv[3] == NULL, 0);
    check_true("envp[0] present", envp[0] != NULL, 0);
    check_eq("envp[0] after execve", strcmp(envp[0], ENV_VAR), 0);
    check_true("envp ends with NULL", envp[1] == NULL, 0);
    check_auxv();
    return 0;
}

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && strcmp(argv[1], CHILD_FLAG) == 0)
        return exec_child(argc, argv, envp);

    char *self = argc > 1 ? argv[1] : "/bin/t_exec";
    char *child_argv[] = { self, CHILD_FLAG, MARKER, NULL };
    char *child_envp[] = { ENV_VAR, NULL };

    check_auxv();
    check_eq("execve of a missing path", sys_execve("/bin/no-such-program", child_argv,
             child_envp), -ENOENT);
    check_eq("execve with a bad path pointer", sys_execve(bad_pointer(), child_argv, child_envp),
             -EFAULT);
    check_eq("execve with a bad argv pointer", sys_execve(self, bad_pointer(), child_envp),
             -EFAULT);

    long pid = fork();
    if (pid == 0) {
        long error = sys_execve(self, child_argv, child_envp);
        printf("FAIL: execve of %s (%ld != 0)\n", self, error);
        exit(1);
    }
    check_true("fork", pid > 0, pid);
    int status = 0;
    check_eq("wait4", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_exited_with("exec'ed image checking its arguments", status, 0);
    return 0;
}
