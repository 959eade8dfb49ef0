/* Shared helpers of the test programs. A test exits 0 when every check holds; the first
 * failed check prints "FAIL: <what> (<got> != <expected>)" and exits 1. */
#ifndef USER_TESTLIB_H
#define USER_TESTLIB_H

/* Fails the test unless got == expected. */
void check_eq(const char *what, long got, long expected);
/* Fails the test unless cond is true; got describes what was seen instead. */
void check_true(const char *what, int cond, long got);
/* Prints "FAIL: <what>" and exits 1. */
_Noreturn void fail(const char *what);

/* Runs fn in a forked child (which exits 0 if fn returns) and returns its wait status. */
int run_in_child(void (*fn)(void));
/* Runs fn in a child and fails the test unless the child was killed by signal sig. */
void expect_killed_by(const char *what, void (*fn)(void), int sig);
/* Fails the test unless a wait status says the child was killed by signal sig. */
void check_killed_by(const char *what, int status, int sig);
/* Fails the test unless a wait status says the child exited with code. */
void check_exited_with(const char *what, int status, int code);

/* Maps length bytes of fresh read/write anonymous memory; fails the test if mmap does. */
void *map_anon(unsigned long length);
/* Sleeps for ms milliseconds. */
void sleep_ms(long ms);

/* Maps length bytes of anonymous MAP_SHARED memory, every page touched before it returns
 * (so parent and children forked afterwards see each other's writes). */
void *map_shared(unsigned long length);
/* Fails the test unless process pid is gone (reaped: kill(pid, 0) says ESRCH) within two
 * seconds. */
void wait_gone(const char *what, long pid);
/* A forked child that sleeps ms milliseconds, then exits with code; returns its pid. */
long start_sleeper(int ms, int code);
/* Fails the test unless child pid becomes a zombie (state Z in /proc/PID/stat). */
void wait_zombie(const char *what, long pid);
/* The state letter of a /proc stat file ("pid (comm) S ..."), or 0 if it cannot be read. */
char stat_state(const char *path);
/* wait4 for pid with options, checked to return pid; returns the status. */
int wait_status(const char *what, long pid, int options);

struct k_siginfo;
/* rt_sigaction with a handler taking (sig, info, ucontext), these flags (SA_SIGINFO is
 * added) and this mask; fails the test if the kernel refuses. */
typedef void (*sig_handler)(int sig, struct k_siginfo *info, void *uc);
void set_handler(int sig, sig_handler fn, unsigned long flags, unsigned long mask);

#endif
