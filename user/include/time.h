/* Clocks and struct timespec: the kernel's definitions (abi/time.h). */
#ifndef USER_TIME_H
#define USER_TIME_H

#include "abi/time.h"

#endif
