/* struct utsname: the kernel's definition (abi/utsname.h). */
#ifndef USER_SYS_UTSNAME_H
#define USER_SYS_UTSNAME_H

#include "abi/utsname.h"

#endif
