/* struct stat and the file type bits: the kernel's definitions (abi/stat.h). */
#ifndef USER_SYS_STAT_H
#define USER_SYS_STAT_H

#include "abi/stat.h"

long sys_fstat(int fd, struct stat *st);
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);
long sys_mkdirat(int dirfd, const char *path, unsigned mode);
long sys_fchmod(int fd, unsigned mode);
long sys_fchmodat(int dirfd, const char *path, unsigned mode);
long sys_umask(unsigned mask);

#endif
