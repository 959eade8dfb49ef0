/* Reading the kernel command line (/chosen/bootargs): space-separated words, "key=value"
 * options, and after "--" the arguments for init (as Linux passes them). */
#ifndef KERNEL_BOOTARGS_H
#define KERNEL_BOOTARGS_H
#include <stddef.h>

/* Value of "key=value" (up to the next space), copied into a static buffer, or NULL. */
const char *bootarg_value(const char *args, const char *key);

/* Whether the word flag stands on its own among the options (before "--"). */
int bootarg_has(const char *args, const char *flag);

/* Splits the words after "--" into argv (at most max - 1, NULL-terminated) using buf
 * for storage. Returns the count. */
int bootarg_init_args(const char *args, char *buf, size_t bufsize, char **argv, int max);

#endif
