/* sh: a small interactive shell, also installed as /init.
 *
 * The terminal's line discipline edits and echoes what is typed (canonical mode: erase,
 * ^U, ^W, Enter as CR or LF); the shell reads finished lines. ^D on an empty line ends
 * the shell. Each program runs in a process group of its own, made the terminal's
 * foreground group while it runs, so that ^C, ^\ and ^Z reach the program and not the
 * shell. Commands:
 *     help          list the commands
 *     ls            list the programs in /bin
 *     exit [N]      leave the shell with status N (default 0)
 *     NAME [ARGS]   run /bin/NAME and report how it ended */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "programs.h"

#define LINE_MAX_LEN 256
#define ARGS_MAX 16
#define PATH_MAX_LEN 128

/* Reads one line into line (NUL-terminated, without its newline; a longer line is cut).
 * Returns 0 when input ends: end of file (^D on an empty line) or a read error. */
static int read_line(char *line, size_t size)
{
    size_t len = 0;

    for (;;) {
        char c;
        if (sys_read(0, &c, 1) != 1) {
            if (len == 0)
                return 0;
            break;   /* ^D after some text ends that line without a newline */
        }
        if (c == '\n')
            break;
        if (len + 1 < size)
            line[len++] = c;
    }
    line[len] = '\0';
    return 1;
}

/* Splits line in place at spaces into at most max - 1 words; argv ends with NULL. */
static int split_words(char *line, char **argv, int max)
{
    int argc = 0;

    for (char *p = line; *p && argc < max - 1;) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ')
            p++;
    }
    argv[argc] = NULL;
    return argc;
}

static const uint64_t ttou = 1UL << (SIGTTOU - 1);

/* Makes group pgid the terminal's foreground group, when standard input is a terminal
 * that is ours (it may be a pipe: then there is no job control to do). The shell keeps
 * SIGTTOU blocked, as shells do: TIOCSPGRP from a background group would stop it. */
static void set_foreground(int pgid)
{
    sys_ioctl(0, TIOCSPGRP, &pgid);
}

static void run_program(char **argv)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof(path), "/bin/%s", argv[0]);

    /* vfork: the child runs first, puts itself in a new group and brings that group to
     * the foreground before it execs, so no typed ^C can reach the shell meanwhile. */
    volatile long exec_error = 0;
    long pid = vfork();
    if (pid == 0) {
        sys_setpgid(0, 0);
        set_foreground((int)sys_getpid());
        sys_rt_sigprocmask(SIG_UNBLOCK, &ttou, NULL);
        exec_error = sys_execve(path, argv, environ);
        sys_exit(127);
    }
    if (pid >= 0 && exec_error < 0) {
        sys_wait4((int)pid, NULL, 0, NULL);
        pid = exec_error;
    }
    if (pid < 0) {
        set_foreground((int)sys_getpgrp());
        printf("sh: %s: cannot run (error %ld)\n", argv[0], pid);
        return;
    }
    int status = 0;
    long waited = sys_wait4((int)pid, &status, WUNTRACED, NULL);
    set_foreground((int)sys_getpgrp());
    if (waited != pid)
        printf("sh: wait4 failed (error %ld)\n", waited);
    else if (WIFSTOPPED(status))
        printf("[stopped by signal %d]\n", WSTOPSIG(status));
    else if (WIFSIGNALED(status))
        printf("[killed by signal %d]\n", WTERMSIG(status));
    else
        printf("[exit %d]\n", WEXITSTATUS(status));
}

int main(void)
{
    char line[LINE_MAX_LEN];
    char *argv[ARGS_MAX];

    sys_rt_sigprocmask(SIG_BLOCK, &ttou, NULL);
    for (;;) {
        sys_write(1, "$ ", 2);
        if (!read_line(line, sizeof(line)))
            return 0;
        if (split_words(line, argv, ARGS_MAX) == 0)
            continue;

        if (strcmp(argv[0], "help") == 0) {
            printf("commands: help, ls, exit [N], NAME [ARGS] (runs /bin/NAME)\n");
        } else if (strcmp(argv[0], "ls") == 0) {
            for (const char *const *name = bin_programs; *name; name++)
                printf("%s\n", *name);
        } else if (strcmp(argv[0], "exit") == 0) {
            return argv[1] ? atoi(argv[1]) : 0;
        } else {
            run_program(argv);
        }
    }
}
