/* /dev: null, zero, full and console, made at boot (fs/dev.c). */
#ifndef FS_DEV_H
#define FS_DEV_H

/* Linux's encoding of a device number in st_rdev (major 12 bits, minor 20, the low parts
 * first: new_encode_dev() in include/linux/kdev_t.h), for small numbers. */
#define DEV_NUMBER(major, minor) (((major) << 8) | (minor))
#define DEV_MAJOR(dev) ((uint32_t)(dev) >> 8)
#define DEV_MINOR(dev) ((uint32_t)(dev) & 0xff)

/* Makes /dev and its device files. 0 or -errno. */
int dev_init(void);

#endif
