/* Auxiliary vector: the entry types are the kernel's table (abi/auxv.h). */
#ifndef USER_SYS_AUXV_H
#define USER_SYS_AUXV_H

#include "abi/auxv.h"

/* The value of the first auxv entry of this type, or 0 when there is none. */
unsigned long getauxval(unsigned long type);

#endif
