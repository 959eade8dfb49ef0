/* The only way the kernel touches user memory: checked, with faults turned into -EFAULT
 * (and demand-paged ranges faulted in on the way). */
#ifndef MM_USERCOPY_H
#define MM_USERCOPY_H
#include <stddef.h>
#include <stdint.h>

int copy_to_user(uint64_t dst, const void *src, size_t n);
int copy_from_user(void *dst, uint64_t src, size_t n);
/* Copies a NUL-terminated string of at most max-1 characters; returns its length,
 * -EFAULT, or -ENAMETOOLONG if it does not fit. */
long strncpy_from_user(char *dst, uint64_t src, size_t max);
/* 1 if [addr, addr+n) lies in user space. */
int user_range_ok(uint64_t addr, size_t n);

#endif
