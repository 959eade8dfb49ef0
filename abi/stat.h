/* File types and modes (inode(7)) and struct stat of the asm-generic ABI that riscv64
 * uses (include/uapi/asm-generic/stat.h). */
#ifndef ABI_STAT_H
#define ABI_STAT_H
#include <stdint.h>

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISUID  04000
#define S_ISGID  02000
#define S_ISVTX  01000

#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

struct stat {
	uint64_t st_dev, st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev, __pad1;
	int64_t st_size;
	int32_t st_blksize, __pad2;
	int64_t st_blocks;
	int64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	uint32_t __unused[2];
};
_Static_assert(sizeof(struct stat) == 128, "struct stat layout");

/* statx(2) (include/uapi/linux/stat.h): the mask bits and the structure. */
#define STATX_TYPE        0x001U
#define STATX_MODE        0x002U
#define STATX_NLINK       0x004U
#define STATX_UID         0x008U
#define STATX_GID         0x010U
#define STATX_ATIME       0x020U
#define STATX_MTIME       0x040U
#define STATX_CTIME       0x080U
#define STATX_INO         0x100U
#define STATX_SIZE        0x200U
#define STATX_BLOCKS      0x400U
#define STATX_BASIC_STATS 0x7ffU
#define STATX_BTIME       0x800U
#define STATX_MNT_ID      0x1000U
#define STATX__RESERVED   0x80000000U

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, __spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx layout");

/* utimensat(2): tv_nsec values that mean "now" and "leave alone". */
#define UTIME_NOW  ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

#endif
