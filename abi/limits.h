/* File-system limits as Linux has them (include/uapi/linux/limits.h). */
#ifndef ABI_LIMITS_H
#define ABI_LIMITS_H

#define NAME_MAX 255     /* bytes in a file name */
#define PATH_MAX 4096    /* bytes in a path, its NUL included */
#define PIPE_BUF 4096    /* writes up to this size to a pipe are atomic */
#define SYMLOOP_MAX 40   /* symbolic links followed in one lookup before ELOOP */

#endif
