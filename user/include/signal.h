/* Linux signal numbers: the kernel's table (abi/signal.h). */
#ifndef USER_SIGNAL_H
#define USER_SIGNAL_H

#include "abi/signal.h"

#endif
