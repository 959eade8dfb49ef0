/* The compiler's integer limits, and the file-system limits of the kernel (abi/limits.h). */
#ifndef USER_LIMITS_H
#define USER_LIMITS_H

#include_next <limits.h>
#include "abi/limits.h"

#endif
