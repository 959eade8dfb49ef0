/* struct iovec for readv/writev (include/uapi/linux/uio.h). Part of the user ABI:
 * user/include/sys/uio.h includes this file. */
#ifndef ABI_UIO_H
#define ABI_UIO_H

#define IOV_MAX 1024   /* UIO_MAXIOV: more vectors than this is EINVAL */

struct iovec {
	void *iov_base;
	unsigned long iov_len;
};

#endif
