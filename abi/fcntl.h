/* open(2) flags, *at() flags and fcntl(2) commands: the asm-generic values riscv64 uses
 * (include/uapi/asm-generic/fcntl.h, include/uapi/linux/fcntl.h). */
#ifndef ABI_FCNTL_H
#define ABI_FCNTL_H

#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_ACCMODE   03
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_LARGEFILE 0100000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define O_PATH      010000000

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000
#define AT_NO_AUTOMOUNT     0x800
#define AT_STATX_SYNC_TYPE  0x6000   /* statx(2): FORCE_SYNC 0x2000, DONT_SYNC 0x4000 */

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030
#define F_GETPIPE_SZ    1032
#define F_ADD_SEALS     1033   /* memfd_create(2) files: add seals (fcntl(2), "File seals") */
#define F_GET_SEALS     1034
#define F_SEAL_SEAL         0x0001   /* no more seals */
#define F_SEAL_SHRINK       0x0002   /* the size may not shrink */
#define F_SEAL_GROW         0x0004   /* the size may not grow */
#define F_SEAL_WRITE        0x0008   /* the contents may not change */
#define F_SEAL_FUTURE_WRITE 0x0010   /* no new writable shared mappings or writes */
/* memfd_create(2) flags */
#define MFD_CLOEXEC       0x0001U
#define MFD_ALLOW_SEALING 0x0002U
#define MFD_HUGETLB       0x0004U
#define FD_CLOEXEC      1

/* renameat2(2) */
#define RENAME_NOREPLACE 1

/* faccessat(2) modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek(2) */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4

#endif
