/* Path lookup (path_resolution(7)): component by component from the root or the current
 * directory; "." stays, ".." goes up (and stays at the root); a symbolic link is replaced
 * by a lookup of its target from the directory holding it, SYMLOOP_MAX links in all per
 * lookup, then -ELOOP. Components are compared in place, so a nested link costs a small
 * stack frame and no name buffer. */
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"

struct walk {
	struct inode *root;
	int links;   /* symlinks followed so far */
};

/* The component starting at *p (after any slashes): sets *len, *last if only slashes
 * follow it, and *trailing if it is last and slashes do follow. Returns its start, or NULL
 * at the end of the path. */
static const char *next_component(const char **p, size_t *len, int *last, int *trailing)
{
	const char *s = *p;

	while (*s == '/')
		s++;
	if (!*s)
		return NULL;
	const char *e = s;
	while (*e && *e != '/')
		e++;
	*len = (size_t)(e - s);
	const char *rest = e;
	while (*rest == '/')
		rest++;
	*last = !*rest;
	*trailing = *last && *e == '/';
	*p = e;
	return s;
}

#define WALK_FOLLOW 1   /* follow a symlink in the last component */
#define WALK_PARENT 2   /* stop before the last component */

/* Walks path from start (a reference the walk takes over), leaving a reference to the
 * result in *out. */
static int walk(struct walk *w, struct inode *start, const char *path, int how,
		struct inode **out)
{
	struct inode *cur = *path == '/' ? inode_get(w->root) : start;
	const char *p = path, *name;
	size_t len;
	int last = 0, trailing = 0, must_dir = 0;

	if (*path == '/')
		inode_put_locked(start);
	while ((name = next_component(&p, &len, &last, &trailing))) {
		if (last && (how & WALK_PARENT))
			break;
		if (!S_ISDIR(cur->mode)) {
			inode_put_locked(cur);
			return -ENOTDIR;
		}
		if (len > NAME_MAX) {
			inode_put_locked(cur);
			return -ENAMETOOLONG;
		}
		struct inode *next;
		must_dir |= trailing;
		if (len == 1 && name[0] == '.')
			continue;
		if (len == 2 && name[0] == '.' && name[1] == '.')
			next = cur == w->root ? cur : cur->parent;
		else
			next = dir_lookup(cur, name, len);
		if (next && next->mounted)
			next = next->mounted;   /* into the file system mounted there */
		if (!next) {
			inode_put_locked(cur);
			return -ENOENT;
		}
		if (S_ISLNK(next->mode) && (!last || (how & WALK_FOLLOW) || trailing)) {
			if (++w->links > SYMLOOP_MAX) {
				inode_put_locked(cur);
				return -ELOOP;
			}
			int err = walk(w, cur, next->target, WALK_FOLLOW, &cur);
			if (err)
				return err;
			continue;
		}
		inode_get(next);
		inode_put_locked(cur);
		cur = next;
	}
	if (must_dir && !S_ISDIR(cur->mode)) {
		inode_put_locked(cur);
		return -ENOTDIR;
	}
	*out = cur;
	return 0;
}

/* The walk's own reference on where path starts: none for an absolute path, which starts
 * at the root (so cwd may be NULL then, and no lock is taken for a cwd it ignores). */
static struct inode *walk_start(struct inode *cwd, const char *path)
{
	return *path == '/' ? NULL : inode_get(cwd);
}

int fs_lookup(struct inode *root, struct inode *cwd, const char *path, int flags,
	      struct inode **out)
{
	struct walk w = { root, 0 };

	if (!*path)
		return -ENOENT;
	spin_lock(&fs_lock);
	int err = walk(&w, walk_start(cwd, path), path, flags & LOOKUP_FOLLOW ? WALK_FOLLOW : 0, out);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR((*out)->mode)) {
		inode_put_locked(*out);
		err = -ENOTDIR;
	}
	spin_unlock(&fs_lock);
	return err;
}

int fs_lookup_parent(struct inode *root, struct inode *cwd, const char *path,
		     struct inode **dir, char name[NAME_MAX + 1], int *trailing_slash)
{
	size_t n = strlen(path);

	if (!n)
		return -ENOENT;
	*trailing_slash = path[n - 1] == '/';
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t len = n - start;
	if (len == 0) {            /* "/" itself (or "//"): the root, named "." */
		*dir = inode_get(root);
		memcpy(name, ".", 2);
		return 0;
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, path + start, len);
	name[len] = '\0';

	struct walk w = { root, 0 };
	struct inode *d;
	spin_lock(&fs_lock);
	int err = walk(&w, walk_start(cwd, path), path, WALK_PARENT, &d);
	if (!err && !S_ISDIR(d->mode)) {
		inode_put_locked(d);
		err = -ENOTDIR;
	}
	spin_unlock(&fs_lock);
	if (!err)
		*dir = d;
	return err;
}

struct inode *fs_lookup_child(struct inode *dir, const char *name)
{
	spin_lock(&fs_lock);
	struct inode *ip = dir_lookup(dir, name, strlen(name));
	if (ip)
		inode_get(ip);
	spin_unlock(&fs_lock);
	return ip;
}
