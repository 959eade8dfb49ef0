/* struct iovec: the kernel's definition (abi/uio.h). */
#ifndef USER_SYS_UIO_H
#define USER_SYS_UIO_H

#include "abi/uio.h"

#endif
