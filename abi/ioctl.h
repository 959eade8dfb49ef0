/* ioctl(2) requests (include/uapi/asm-generic/ioctls.h). */
#ifndef ABI_IOCTL_H
#define ABI_IOCTL_H

#define FIONREAD 0x541B   /* bytes ready to read (ioctl_fionread(2)) */
/* Terminals (ioctl_tty(2)): termios, window size, job control, sessions. */
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TCXONC     0x540A
#define TCFLSH     0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCNOTTY  0x5422
#define TIOCGSID   0x5429

#endif
