/* sh: a small interactive shell, also installed as /init.
 *
 * The console hands over raw bytes with no line discipline, so the shell echoes what is typed
 * and edits the line itself: Enter arrives as CR (LF is accepted too), backspace as 0x7f or
 * 0x08, and Ctrl-D (0x04) on an empty line ends the shell. Commands:
 *     help          list the commands
 *     ls            list the programs in /bin
 *     exit [N]      leave the shell with status N (default 0)
 *     NAME [ARGS]   run /bin/NAME and report how it ended */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "programs.h"

#define LINE_MAX_LEN 256
#define ARGS_MAX 16
#define PATH_MAX_LEN 128

#define KEY_CTRL_D 0x04
#define KEY_BACKSPACE 0x08
#define KEY_DELETE 0x7f

static void echo(const char *s, size_t n)
{
    sys_write(1, s, n);
}

/* Reads one line into line (NUL-terminated). Returns 0 when input ends: Ctrl-D on an empty
 * line, end of file or a read error. */
static int read_line(char *line, size_t size)
{
    static char last;   /* the previous byte, to take CR LF as a single Enter */
    size_t len = 0;

    for (;;) {
        char c;
        if (sys_read(0, &c, 1) != 1)
            return 0;

        char previous = last;
        last = c;
        if (c == '\n' && previous == '\r')
            continue;
        if (c == '\r' || c == '\n') {
            echo("\n", 1);
            line[len] = '\0';
            return 1;
        }
        if (c == KEY_CTRL_D && len == 0) {
            echo("\n", 1);
            return 0;
        }
        if (c == KEY_DELETE || c == KEY_BACKSPACE) {
            if (len > 0) {
                len--;
                echo("\b \b", 3);
            }
            continue;
        }
        if (c >= ' ' && c <= '~' && len + 1 < size) {
            line[len++] = c;
            echo(&c, 1);
        }
    }
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

static void run_program(char **argv)
{
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof(path), "/bin/%s", argv[0]);

    long pid = spawn(path, argv, environ);
    if (pid < 0) {
        printf("sh: %s: cannot run (error %ld)\n", argv[0], pid);
        return;
    }
    int status = 0;
    long waited = sys_wait4((int)pid, &status, 0, NULL);
    if (waited != pid)
        printf("sh: wait4 failed (error %ld)\n", waited);
    else if (WIFSIGNALED(status))
        printf("[killed by signal %d]\n", WTERMSIG(status));
    else
        printf("[exit %d]\n", WEXITSTATUS(status));
}

int main(void)
{
    char line[LINE_MAX_LEN];
    char *argv[ARGS_MAX];

    for (;;) {
        echo("$ ", 2);
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
