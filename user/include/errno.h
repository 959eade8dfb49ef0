/* Linux errno values: the kernel's table is the user ABI (abi/errno.h). System calls
 * return them negated; this libc keeps no global errno. */
#ifndef USER_ERRNO_H
#define USER_ERRNO_H

#include "abi/errno.h"

#endif
