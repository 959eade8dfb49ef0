/* getdents64 records: the kernel's definition (abi/dirent.h). */
#ifndef USER_DIRENT_H
#define USER_DIRENT_H

#include <stddef.h>
#include "abi/dirent.h"

long sys_getdents64(int fd, void *buf, size_t count);

#endif
