/* wait4() options and status macros: the kernel's definitions (abi/wait.h). */
#ifndef USER_SYS_WAIT_H
#define USER_SYS_WAIT_H

#include "abi/wait.h"

#endif
