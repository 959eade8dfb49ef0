/* Pipes (pipe(7)): a 64 KiB buffer as Linux's default, blocking or O_NONBLOCK, writes of
 * up to PIPE_BUF bytes atomic, end of file once every writer is gone, EPIPE and SIGPIPE
 * once every reader is. */
#ifndef FS_PIPE_H
#define FS_PIPE_H
#include "fs/file.h"

#define PIPE_SIZE (64 * 1024)

/* A new pipe: its read end and its write end (flags may hold O_NONBLOCK). 0 or -ENOMEM. */
int pipe_create(int flags, struct file **rd, struct file **wr);
/* Bytes waiting in the pipe f is an end of (FIONREAD), or -ENOTTY if f is no pipe. */
long pipe_nread(struct file *f);

#endif
