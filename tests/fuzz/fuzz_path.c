/* libFuzzer target: path lookup and the name operations of the file system (fs/namei.c,
 * fs/names.c) on any paths and names. The input is lines; each line's first byte picks an
 * operation, the rest is its path (rename and link take the next line as the second path,
 * symlink as its target). The tree persists across inputs, bounded in size: it starts as
 * /a/b, /a/f, /l -> a/b, /loop -> loop, and every reference taken is put back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"
#include "tests/host/host_fs_pages.h"

#define MAX_OPS 24
#define MAX_INODES 4000
#define MAX_PATH 300

static int64_t now(void) { return 1700000000; }

static const struct fs_env env = { .page_alloc = host_fs_page_alloc, .page_free = host_fs_page_free,
				   .now = now };
static struct inode *root;

/* Runs op on the parent of path and its last component; returns the error. */
static int on_parent(const char *path, int op, const char *other)
{
	struct inode *dir, *ip, *odir;
	char name[NAME_MAX + 1], oname[NAME_MAX + 1];
	int slash, oslash, err = fs_lookup_parent(root, root, path, &dir, name, &slash);

	if (err)
		return err;
	switch (op) {
	case 'c':
		if ((err = fs_create(dir, name, 0644, &ip)) == 0)
			inode_put(ip);
		break;
	case 'm':
		err = fs_mkdir(dir, name, 0755);
		break;
	case 's':
		err = fs_symlink(dir, name, other);
		break;
	case 'u':
		err = fs_unlink(dir, name);
		break;
	case 'r':
		err = fs_rmdir(dir, name);
		break;
	case 'n':
		if ((err = fs_lookup_parent(root, root, other, &odir, oname, &oslash)) == 0) {
			err = fs_rename(dir, name, odir, oname, 0);
			inode_put(odir);
		}
		break;
	case 'h':
		if ((err = fs_lookup(root, root, other, 0, &ip)) == 0) {
			err = fs_link(dir, name, ip);
			inode_put(ip);
		}
		break;
	}
	inode_put(dir);
	return err;
}

static void setup(void)
{
	kmalloc_init(&host_fs_heap);
	fs_init(&env);
	root = fs_root();
	on_parent("/a", 'm', NULL);
	on_parent("/a/b", 'm', NULL);
	on_parent("/a/f", 'c', NULL);
	on_parent("/l", 's', "a/b");
	on_parent("/loop", 's', "loop");
}

/* The next line of the input, NUL-terminated, cut to MAX_PATH bytes. */
static const uint8_t *next_line(const uint8_t *p, const uint8_t *end, char *out)
{
	size_t n = 0;
	while (p < end && *p != '\n') {
		if (n < MAX_PATH)
			out[n++] = *p ? (char)*p : '/';
		p++;
	}
	out[n] = '\0';
	return p < end ? p + 1 : p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char line[MAX_PATH + 1], other[MAX_PATH + 1];
	struct inode *ip;

	if (!root)
		setup();
	for (int ops = 0; ops < MAX_OPS && p < end; ops++) {
		p = next_line(p, end, line);
		if (line[0] == '\0')
			continue;
		int op = line[0];
		const char *path = line + 1;
		if (op == 'n' || op == 'h' || op == 's')
			p = next_line(p, end, other);
		if (op == 'f' || op == 'l') {
			if (fs_lookup(root, root, path, op == 'f' ? LOOKUP_FOLLOW : 0, &ip) == 0)
				inode_put(ip);
		} else if (fs_inode_count() < MAX_INODES || op == 'u' || op == 'r') {
			on_parent(path, op, other);
		}
	}
	return 0;
}
