/* wait4() status word, as Linux encodes it: low 7 bits the terminating signal (0 for a normal
 * exit), bits 8-15 the exit code. */
#ifndef USER_SYS_WAIT_H
#define USER_SYS_WAIT_H

#define WNOHANG 1

#define WTERMSIG(s)    ((s) & 0x7f)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)

#endif
