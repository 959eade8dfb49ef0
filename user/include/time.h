#ifndef USER_TIME_H
#define USER_TIME_H

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

struct timespec {
    long tv_sec;
    long tv_nsec;
};

#endif
