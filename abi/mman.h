/* mmap/mprotect constants with their Linux values (include/uapi/asm-generic/mman-common.h,
 * mman.h). Part of the user ABI: user/include/sys/mman.h includes this file. */
#ifndef ABI_MMAN_H
#define ABI_MMAN_H

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE            0x0f
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_NORESERVE       0x4000
#define MAP_POPULATE        0x8000
#define MAP_STACK           0x20000
#define MAP_FIXED_NOREPLACE 0x100000

/* mremap(2) flags (include/uapi/linux/mman.h) */
#define MREMAP_MAYMOVE   1
#define MREMAP_FIXED     2
#define MREMAP_DONTUNMAP 4

/* madvise(2) advice (include/uapi/asm-generic/mman-common.h) */
#define MADV_NORMAL         0
#define MADV_RANDOM         1
#define MADV_SEQUENTIAL     2
#define MADV_WILLNEED       3
#define MADV_DONTNEED       4
#define MADV_FREE           8
#define MADV_DONTFORK       10
#define MADV_DOFORK         11
#define MADV_POPULATE_READ  22
#define MADV_POPULATE_WRITE 23

/* msync(2) flags */
#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

/* mlock2(2) and mlockall(2) flags */
#define MLOCK_ONFAULT 0x01
#define MCL_CURRENT   1
#define MCL_FUTURE    2
#define MCL_ONFAULT   4

#endif
