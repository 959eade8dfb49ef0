/* execve of "#!" scripts (execve(2), "Interpreter scripts"): the interpreter runs with
 * argv = interpreter, its optional argument, the script's path, then the caller's argv[1..];
 * /proc/self/exe is the interpreter. Errors: a missing interpreter (ENOENT), none named or
 * a script as interpreter (ENOEXEC), a script without an execute bit (EACCES). This
 * program is its own interpreter: run with "-x" or a script path as argv[1], it checks
 * what it was given and exits with a code saying so. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define SCRIPT "/tmp/t_script.sh"
#define PLAIN "/tmp/t_script.plain"
#define WITH_ARG_OK 42
#define PLAIN_OK 43

static void write_script(const char *path, const char *text, unsigned mode)
{
    long fd = sys_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    check_true(path, fd >= 0, fd);
    check_eq("write script", sys_write((int)fd, text, strlen(text)), (long)strlen(text));
    check_eq("close", sys_close((int)fd), 0);
}

/* Runs path with argv {path, "a", "b"} and returns its exit code, or the execve error. */
static long run(const char *path)
{
    char *argv[] = { (char *)path, "a", "b", NULL };
    long pid = spawn(path, argv, environ);
    if (pid < 0)
        return pid;
    int status;
    check_eq("wait", sys_wait4((int)pid, &status, 0, NULL), pid);
    check_true("exited", WIFEXITED(status), status);
    return WEXITSTATUS(status);
}

static int is_self_exe(void)
{
    char buf[32];
    long n = sys_readlinkat(AT_FDCWD, "/proc/self/exe", buf, sizeof(buf));
    return n == 13 && !memcmp(buf, "/bin/t_script", 13);
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "-x  y")) {   /* the interpreter of SCRIPT */
        return !strcmp(argv[0], "/bin/t_script") && !strcmp(argv[2], SCRIPT) &&
               !strcmp(argv[3], "a") && !strcmp(argv[4], "b") && is_self_exe() ? WITH_ARG_OK : 1;
    }
    if (argc == 4 && !strcmp(argv[1], PLAIN)) {       /* the interpreter of PLAIN */
        return !strcmp(argv[0], "/bin/t_script") && !strcmp(argv[2], "a") && is_self_exe() ?
               PLAIN_OK : 1;
    }
    /* An argument runs up to the line's end, inner blanks kept, outer ones trimmed. */
    write_script(SCRIPT, "#! /bin/t_script  -x  y \t\necho not run\n", 0755);
    check_eq("script with an argument", run(SCRIPT), WITH_ARG_OK);
    write_script(PLAIN, "#!/bin/t_script", 0755);   /* no newline at all */
    check_eq("script without an argument", run(PLAIN), PLAIN_OK);

    write_script(PLAIN, "#!/bin/none\n", 0755);
    check_eq("a missing interpreter", run(PLAIN), -ENOENT);
    write_script(PLAIN, "#!  \n", 0755);
    check_eq("no interpreter named", run(PLAIN), -ENOEXEC);
    write_script(PLAIN, "#!" SCRIPT "\n", 0755);
    check_eq("a script as interpreter", run(PLAIN), -ENOEXEC);
    write_script(PLAIN, "echo no #! line\n", 0755);
    check_eq("text without #!", run(PLAIN), -ENOEXEC);
    check_eq("chmod -x", sys_fchmodat(AT_FDCWD, SCRIPT, 0644), 0);
    check_eq("a script without an x bit", run(SCRIPT), -EACCES);

    check_eq("unlink", sys_unlinkat(AT_FDCWD, SCRIPT, 0), 0);
    check_eq("unlink", sys_unlinkat(AT_FDCWD, PLAIN, 0), 0);
    return 0;
}
