/* struct sysinfo: the kernel's definition (abi/sysinfo.h). */
#ifndef USER_SYS_SYSINFO_H
#define USER_SYS_SYSINFO_H

#include "abi/sysinfo.h"

#endif
