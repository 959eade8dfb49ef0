/* Linux signal numbers (include/uapi/asm-generic/signal.h). */
#ifndef USER_SIGNAL_H
#define USER_SIGNAL_H

#define SIGILL   4
#define SIGABRT  6
#define SIGBUS   7
#define SIGKILL  9
#define SIGSEGV 11
#define SIGTERM 15
#define SIGCHLD 17

#endif
