/* ioctl(2) requests (include/uapi/asm-generic/ioctls.h). */
#ifndef ABI_IOCTL_H
#define ABI_IOCTL_H

#define FIONREAD 0x541B   /* bytes ready to read (ioctl_fionread(2)) */
#define FIONBIO  0x5421   /* *arg != 0: set O_NONBLOCK, else clear it */
#define FIONCLEX 0x5450   /* clear close-on-exec */
#define FIOCLEX  0x5451   /* set close-on-exec */
/* Terminals (ioctl_tty(2)): termios, window size, job control, sessions. */
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TCSBRK     0x5409
#define TCXONC     0x540A
#define TCFLSH     0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCOUTQ   0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCNOTTY  0x5422
#define TCSBRKP    0x5425
#define TIOCGSID   0x5429

#endif
