/* ioctl(2) requests (include/uapi/asm-generic/ioctls.h). */
#ifndef ABI_IOCTL_H
#define ABI_IOCTL_H

#define FIONREAD 0x541B   /* bytes ready to read (ioctl_fionread(2)) */

#endif
