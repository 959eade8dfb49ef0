/* struct termios, struct winsize and their flags: the kernel's (abi/termios.h). The
 * requests that take them are in sys/ioctl.h. */
#ifndef USER_TERMIOS_H
#define USER_TERMIOS_H

#include "abi/termios.h"

#endif
