/* ioctl(2) requests (include/uapi/asm-generic/ioctls.h). */
#ifndef ABI_IOCTL_H
#define ABI_IOCTL_H

#define FIONREAD 0x541B   /* bytes ready to read (ioctl_fionread(2)) */
#define FIONBIO  0x5421   /* *arg != 0: set O_NONBLOCK, else clear it */
#define FIONCLEX 0x5450   /* clear close-on-exec */
#define FIOCLEX  0x5451   /* set close-on-exec */

#endif
