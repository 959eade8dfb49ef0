/* open flags, *at() flags and fcntl commands: the kernel's table (abi/fcntl.h). */
#ifndef USER_FCNTL_H
#define USER_FCNTL_H

#include "abi/fcntl.h"

long sys_openat(int dirfd, const char *path, int flags, unsigned mode);
long sys_fcntl(int fd, int cmd, long arg);

#endif
