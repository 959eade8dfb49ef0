/* wait4() options and status word as Linux encodes them (include/uapi/linux/wait.h,
 * kernel/exit.c): the low 7 bits are the terminating signal (0 for a normal exit), bit 7
 * says a core was dumped, bits 8-15 are the exit code; 0x7f in the low bits means stopped
 * (the signal in bits 8-15) and 0xffff means continued. Part of the user ABI:
 * user/include/sys/wait.h includes this file. */
#ifndef ABI_WAIT_H
#define ABI_WAIT_H

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WCONTINUED 0x00000008

#define WTERMSIG(s)    ((s) & 0x7f)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WSTOPSIG(s)    WEXITSTATUS(s)
#define WCOREDUMP(s)   ((s) & 0x80)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFSTOPPED(s)  (((s) & 0xff) == 0x7f)
#define WIFCONTINUED(s) ((s) == 0xffff)

/* Building the status (the kernel does; glibc has the same names). */
#define WCOREFLAG       0x80
#define W_STOPCODE(sig) (((sig) << 8) | 0x7f)
#define W_CONTINUED     0xffff

#endif
