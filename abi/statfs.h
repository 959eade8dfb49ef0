/* statfs(2) and fstatfs(2): struct statfs of the asm-generic ABI on a 64-bit machine
 * (include/uapi/asm-generic/statfs.h: every word a long), and the f_flags bits
 * (include/linux/statfs.h). */
#ifndef ABI_STATFS_H
#define ABI_STATFS_H
#include <stdint.h>

#define ST_NOSUID 0x0002
#define ST_NODEV  0x0004
#define ST_NOEXEC 0x0008
#define ST_VALID  0x0020

struct statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "struct statfs layout");

#endif
