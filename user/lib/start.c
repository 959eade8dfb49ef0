/* C side of the start-up: finds argv, envp and auxv on the initial stack, runs main and ends
 * the process with its return value. */
#include <sys/auxv.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp);
_Noreturn void start_main(long *initial_sp);

char **environ;
static unsigned long *auxv;

_Noreturn void start_main(long *initial_sp)
{
    int argc = (int)initial_sp[0];
    char **argv = (char **)(initial_sp + 1);
    char **envp = argv + argc + 1;
    char **after_env = envp;

    while (*after_env)
        after_env++;
    auxv = (unsigned long *)(after_env + 1);
    environ = envp;
    sys_exit_group(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
    for (unsigned long *entry = auxv; entry[0] != AT_NULL; entry += 2)
        if (entry[0] == type)
            return entry[1];
    return 0;
}
