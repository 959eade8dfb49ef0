#include <stdlib.h>
#include <unistd.h>

_Noreturn void exit(int status)
{
    sys_exit_group(status);
}

int atoi(const char *s)
{
    int sign = 1;
    int value = 0;

    if (*s == '-') {
        sign = -1;
        s++;
    }
    for (; *s >= '0' && *s <= '9'; s++)
        value = value * 10 + (*s - '0');
    return sign * value;
}
