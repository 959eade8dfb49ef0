/* glibc's terminal functions on the console: isatty (TCGETS) true on the console and
 * false with ENOTTY on a pipe, tcgetattr and tcsetattr (glibc converts its struct
 * termios to the kernel's, so a wrong layout shows here), cfmakeraw, tcgetpgrp,
 * tcgetsid, getsid, the window size, time() and gettimeofday agreeing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    check("isatty(0)", isatty(0) == 1);
    check("isatty(1)", isatty(1) == 1);
    int fds[2];
    check("pipe", pipe(fds) == 0);
    errno = 0;
    check("isatty of a pipe", isatty(fds[0]) == 0 && errno == ENOTTY);

    struct termios saved, t, back;
    check("tcgetattr", tcgetattr(0, &saved) == 0);
    check("ICANON and ECHO on", (saved.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
    check("VINTR is ^C, VEOF ^D, VERASE DEL", saved.c_cc[VINTR] == 3 &&
          saved.c_cc[VEOF] == 4 && saved.c_cc[VERASE] == 0x7f);
    check("VMIN 1, VTIME 0", saved.c_cc[VMIN] == 1 && saved.c_cc[VTIME] == 0);
    t = saved;
    cfmakeraw(&t);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 3;
    check("tcsetattr raw", tcsetattr(0, TCSANOW, &t) == 0);
    check("tcgetattr raw", tcgetattr(0, &back) == 0);
    check("raw: ICANON, ECHO, ISIG off", (back.c_lflag & (ICANON | ECHO | ISIG)) == 0);
    check("raw: OPOST off", (back.c_oflag & OPOST) == 0);
    check("raw: VMIN 0, VTIME 3", back.c_cc[VMIN] == 0 && back.c_cc[VTIME] == 3);
    check("tcsetattr back", tcsetattr(0, TCSAFLUSH, &saved) == 0);
    check("tcgetattr back", tcgetattr(0, &back) == 0);
    check("settings back", back.c_lflag == saved.c_lflag && back.c_iflag == saved.c_iflag &&
          back.c_oflag == saved.c_oflag && memcmp(back.c_cc, saved.c_cc, NCCS) == 0);
    errno = 0;
    check("tcgetattr of a pipe", tcgetattr(fds[1], &t) == -1 && errno == ENOTTY);

    check("tcgetpgrp is a group", tcgetpgrp(0) > 0);
    check("tcgetsid is init's session", tcgetsid(0) == 1);
    check("getsid(0)", getsid(0) == 1);
    struct winsize ws;
    check("TIOCGWINSZ", ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 24 && ws.ws_col == 80);

    struct timeval tv;
    check("gettimeofday", gettimeofday(&tv, NULL) == 0);
    time_t now = time(NULL);
    check("time() agrees with gettimeofday", now >= tv.tv_sec && now <= tv.tv_sec + 5);
    return failures ? 1 : 0;
}
