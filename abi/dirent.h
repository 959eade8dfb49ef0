/* getdents64(2) records (include/linux/dirent.h) and their d_type values (readdir(3)). */
#ifndef ABI_DIRENT_H
#define ABI_DIRENT_H
#include <stdint.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;          /* where the next record starts, for lseek */
	uint16_t d_reclen;      /* this record's length, 8-byte aligned */
	uint8_t d_type;
	char d_name[];
};

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

#endif
