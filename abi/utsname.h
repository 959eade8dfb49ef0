/* struct new_utsname (include/uapi/linux/utsname.h): six NUL-terminated fields of 65
 * bytes, what uname(2) fills. Part of the user ABI: user/include/sys/utsname.h includes it. */
#ifndef ABI_UTSNAME_H
#define ABI_UTSNAME_H

#define UTSNAME_LENGTH 65

struct utsname {
	char sysname[UTSNAME_LENGTH];
	char nodename[UTSNAME_LENGTH];
	char release[UTSNAME_LENGTH];
	char version[UTSNAME_LENGTH];
	char machine[UTSNAME_LENGTH];
	char domainname[UTSNAME_LENGTH];
};

#endif
