/* getrusage and times: the kernel's definitions (abi/resource.h). */
#ifndef USER_SYS_RESOURCE_H
#define USER_SYS_RESOURCE_H

#include "abi/resource.h"

long sys_getrusage(int who, struct rusage *usage);
long sys_times(struct tms *buf);

#endif
