/* Paths of system calls, resolved for the current process (fs/at.h). */
#include "abi/errno.h"
#include "fs/at.h"
#include "kernel/proc.h"
#include "mm/kmalloc.h"
#include "mm/usercopy.h"

int path_from_user(uint64_t upath, char **out)
{
	char *path = kmalloc(PATH_MAX);

	if (!path)
		return -ENOMEM;
	long len = strncpy_from_user(path, upath, PATH_MAX);
	if (len < 0) {
		kfree(path);
		return (int)len;
	}
	*out = path;
	return 0;
}

/* The directory a relative path starts from, with a reference for the lookup (put by
 * the caller): another thread may chdir elsewhere, or close the dirfd, and remove the
 * directory meanwhile, and the last reference must not go while the lookup starts there
 * (Linux's path_init takes one too). */
static int start_dir(int64_t dirfd, const char *path, struct inode **out)
{
	if (path[0] == '/') {
		/* None: an absolute path starts at the root, whatever dirfd says. */
		*out = NULL;
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*out = fs_info_cwd(current_proc()->fs);
		return 0;
	}
	struct file *f = fget(dirfd);
	if (!f)
		return -EBADF;
	int err = S_ISDIR(f->ip->mode) ? 0 : -ENOTDIR;
	*out = err ? NULL : inode_get(f->ip);   /* the file's reference holds it until here */
	file_put(f);
	return err;
}

int at_lookup(int64_t dirfd, const char *path, int flags, struct inode **out)
{
	struct inode *dir;
	int err = *path ? start_dir(dirfd, path, &dir) : -ENOENT;

	if (err)
		return err;
	err = fs_lookup(fs_root(), dir, path, flags, out);
	inode_put(dir);
	return err;
}

int at_parent(int64_t dirfd, const char *path, struct inode **dir, char name[NAME_MAX + 1],
	      int *trailing_slash)
{
	struct inode *start;
	int err = *path ? start_dir(dirfd, path, &start) : -ENOENT;

	if (err)
		return err;
	err = fs_lookup_parent(fs_root(), start, path, dir, name, trailing_slash);
	inode_put(start);
	return err;
}

int at_lookup_flags(int64_t dirfd, uint64_t upath, uint64_t flags, int follow_default,
		    uint64_t follow_flag, struct inode **out)
{
	char *path = NULL;
	int err = path_from_user(upath, &path);

	if (err)
		return err;
	if (!path[0] && (flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fget(dirfd);
		if (dirfd == AT_FDCWD)
			*out = fs_info_cwd(current_proc()->fs);
		else if (f)
			*out = inode_get(f->ip);
		else
			err = -EBADF;
		if (f)
			file_put(f);
	} else {
		int follow = (flags & follow_flag) ? !follow_default : follow_default;
		err = at_lookup(dirfd, path, follow ? LOOKUP_FOLLOW : 0, out);
	}
	kfree(path);
	return err;
}
