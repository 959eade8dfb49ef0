/* struct sysinfo (include/uapi/linux/sysinfo.h) on a 64-bit machine: memory sizes count
 * units of mem_unit bytes; Linux's trailing padding _f[20 - 2 * sizeof(long) - sizeof(int)]
 * is empty here, so the struct is 112 bytes. Part of the user ABI: user/include/sys/sysinfo.h
 * includes this file. */
#ifndef ABI_SYSINFO_H
#define ABI_SYSINFO_H

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

_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo layout");

#endif
