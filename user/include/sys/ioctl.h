/* ioctl requests: the kernel's table (abi/ioctl.h). */
#ifndef USER_SYS_IOCTL_H
#define USER_SYS_IOCTL_H

#include "abi/ioctl.h"

long sys_ioctl(int fd, unsigned long request, void *arg);

#endif
