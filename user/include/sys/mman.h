/* mmap/mprotect constants: the kernel's table (abi/mman.h). */
#ifndef USER_SYS_MMAN_H
#define USER_SYS_MMAN_H

#include "abi/mman.h"

#define PAGE_SIZE 4096UL

#endif
