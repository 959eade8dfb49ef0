#ifndef USER_SYS_UTSNAME_H
#define USER_SYS_UTSNAME_H

/* Linux struct new_utsname: six NUL-terminated fields of 65 bytes. */
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
