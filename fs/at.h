/* The *at() conventions (openat(2), "Rationale for openat()"): a path from user memory,
 * resolved from the root if absolute, else from the directory dirfd names, or the current
 * directory for AT_FDCWD. For the current process. */
#ifndef FS_AT_H
#define FS_AT_H
#include <stdint.h>
#include "fs/file.h"

/* Copies the NUL-terminated path at upath into a new PATH_MAX buffer (*out, kfree'd by
 * the caller): 0, -EFAULT, -ENAMETOOLONG or -ENOMEM. */
int path_from_user(uint64_t upath, char **out);
/* Looks path up from dirfd (LOOKUP_* flags): a reference in *out, or -errno. */
int at_lookup(int64_t dirfd, const char *path, int flags, struct inode **out);
/* fs_lookup_parent from dirfd. */
int at_parent(int64_t dirfd, const char *path, struct inode **dir, char name[NAME_MAX + 1],
	      int *trailing_slash);
/* at_lookup with AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW as newfstatat(2) and linkat(2)
 * take them: an empty path with AT_EMPTY_PATH is dirfd's own file. follow_default says
 * whether the last symlink is followed without a flag saying otherwise; follow_flag is the
 * flag that flips it (AT_SYMLINK_NOFOLLOW or AT_SYMLINK_FOLLOW). */
int at_lookup_flags(int64_t dirfd, uint64_t upath, uint64_t flags, int follow_default,
		    uint64_t follow_flag, struct inode **out);

#endif
