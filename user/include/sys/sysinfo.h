#ifndef USER_SYS_SYSINFO_H
#define USER_SYS_SYSINFO_H

/* Linux struct sysinfo (include/uapi/linux/sysinfo.h). Memory sizes count units of mem_unit
 * bytes. Linux's trailing padding _f[20 - 2 * sizeof(long) - sizeof(int)] is empty on 64-bit,
 * so the struct is 112 bytes. */
struct sysinfo {
    long uptime;
    unsigned long loads[3];
    unsigned long totalram;
    unsigned long freeram;
    unsigned long sharedram;
    unsigned long bufferram;
    unsigned long totalswap;
    unsigned long freeswap;
    unsigned short procs;
    unsigned short pad;
    unsigned long totalhigh;
    unsigned long freehigh;
    unsigned int mem_unit;
};

#endif
