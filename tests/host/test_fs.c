/* Host tests for the file-system core (fs/inode.c, fs/dir.c, fs/namei.c, fs/names.c):
 * path lookup with ".", ".." and symlinks, creating, linking, unlinking and renaming,
 * directories, file data and truncation, st_blocks. Pages come from aligned_alloc with a counter, so
 * every case checks that the pages and inodes it made are all given back. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"
#include "tests/host/check.h"
#include "tests/host/host_fs_pages.h"

static int64_t now(void) { return 1700000000; }

static const struct fs_env env = { host_fs_page_alloc, host_fs_page_free, now, NULL };

static int mem_copy_in(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	memcpy(data, (const char *)(uintptr_t)b->addr + done, n);
	return 0;
}

static int mem_copy_out(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	memcpy((char *)(uintptr_t)b->addr + done, data, n);
	return 0;
}

static int failing_copy(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	(void)b, (void)done;
	memset(data, 0x5a, n / 2);   /* half done, then a fault */
	return -EFAULT;
}

static struct inode *root;

static int lookup(const char *path, int flags, struct inode **out)
{
	return fs_lookup(root, root, path, flags, out);
}

/* The inode at path (followed), without a reference kept; NULL if the lookup fails. */
static struct inode *at(const char *path)
{
	struct inode *ip;
	if (lookup(path, LOOKUP_FOLLOW, &ip))
		return NULL;
	inode_put(ip);
	return ip;
}

static int create_at(struct inode *cwd, const char *path, uint32_t mode, struct inode **out)
{
	struct inode *dir;
	char name[NAME_MAX + 1];
	int slash;
	int err = fs_lookup_parent(root, cwd, path, &dir, name, &slash);
	if (err)
		return err;
	err = fs_create(dir, name, mode, out);
	inode_put(dir);
	return err;
}

/* Runs op on the parent of path and its last component. */
#define ON_PARENT(path, call)                                                   \
	({                                                                      \
		struct inode *dir;                                              \
		char name[NAME_MAX + 1];                                        \
		int slash, err = fs_lookup_parent(root, root, path, &dir, name, &slash); \
		if (!err) {                                                     \
			err = call;                                             \
			inode_put(dir);                                         \
		}                                                               \
		err;                                                            \
	})

static long write_str(struct inode *ip, uint64_t off, const char *s)
{
	struct fs_buf b = { mem_copy_in, (uint64_t)(uintptr_t)s };
	return inode_write(ip, off, strlen(s), &b);
}

static long read_at(struct inode *ip, uint64_t off, char *buf, uint64_t n)
{
	struct fs_buf b = { mem_copy_out, (uint64_t)(uintptr_t)buf };
	return inode_read(ip, off, n, &b);
}

/* A fresh tree: /a/b (directories), /a/f (file), /l -> a/b, /abs -> /a, /loop -> loop. */
static void setup(void)
{
	struct inode *f;
	root = fs_root();
	CHECK(ON_PARENT("/a", fs_mkdir(dir, name, 0755)) == 0);
	CHECK(ON_PARENT("/a/b", fs_mkdir(dir, name, 0700)) == 0);
	CHECK(create_at(root, "/a/f", 0644, &f) == 0);
	inode_put(f);
	CHECK(ON_PARENT("/l", fs_symlink(dir, name, "a/b")) == 0);
	CHECK(ON_PARENT("/abs", fs_symlink(dir, name, "/a")) == 0);
	CHECK(ON_PARENT("/loop", fs_symlink(dir, name, "loop")) == 0);
}

/* Removes the tree again and checks nothing is left. */
static void teardown(void)
{
	CHECK(ON_PARENT("/loop", fs_unlink(dir, name)) == 0);
	CHECK(ON_PARENT("/abs", fs_unlink(dir, name)) == 0);
	CHECK(ON_PARENT("/l", fs_unlink(dir, name)) == 0);
	CHECK(ON_PARENT("/a/f", fs_unlink(dir, name)) == 0);
	CHECK(ON_PARENT("/a/b", fs_rmdir(dir, name)) == 0);
	CHECK(ON_PARENT("/a", fs_rmdir(dir, name)) == 0);
	CHECK(dir_is_empty(root));
	CHECK(root->nlink == 2);
	CHECK(fs_inode_count() == 1);
	CHECK(pages_out == 0);
}

static void lookup_paths(void)
{
	setup();
	struct inode *a = at("/a"), *b = at("/a/b"), *ip;
	CHECK(a && b && S_ISDIR(a->mode) && (b->mode & 07777) == 0700);
	CHECK(at("/") == root && at("//") == root && at("/..") == root && at("/../..") == root);
	CHECK(at("a/./b/..") == a && at("/a/b/../../a") == a && at("a//b/") == b);
	CHECK(at("/l") == b && at("l/..") == a && at("/abs/b") == b);
	CHECK(at("/a/f/") == NULL);
	CHECK(lookup("/a/f/", 0, &ip) == -ENOTDIR);
	CHECK(lookup("/a/f/x", 0, &ip) == -ENOTDIR);
	CHECK(lookup("/a/nothing", 0, &ip) == -ENOENT);
	CHECK(lookup("", 0, &ip) == -ENOENT);
	CHECK(lookup("/loop", LOOKUP_FOLLOW, &ip) == -ELOOP);
	CHECK(lookup("/loop/x", 0, &ip) == -ELOOP);
	CHECK(lookup("/a/f", LOOKUP_DIRECTORY, &ip) == -ENOTDIR);
	/* Not following the last link gives the link itself. */
	CHECK(lookup("/l", 0, &ip) == 0 && S_ISLNK(ip->mode) && !strcmp(ip->target, "a/b"));
	inode_put(ip);
	/* A relative lookup starts at the given directory. */
	CHECK(fs_lookup(root, a, "b/..", 0, &ip) == 0 && ip == a);
	inode_put(ip);
	char longname[NAME_MAX + 2];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[NAME_MAX + 1] = '\0';
	CHECK(lookup(longname, 0, &ip) == -ENAMETOOLONG);
	CHECK(ON_PARENT(longname, 0) == -ENAMETOOLONG);
	teardown();
}

/* 40 links in a chain resolve; 41 give ELOOP. */
static void symlink_limit(void)
{
	char path[16], target[16];
	struct inode *ip;
	root = fs_root();
	CHECK(ON_PARENT("/s0", fs_mkdir(dir, name, 0755)) == 0);
	for (int i = 1; i <= 41; i++) {
		snprintf(path, sizeof(path), "/s%d", i);
		snprintf(target, sizeof(target), "s%d", i - 1);
		CHECK(ON_PARENT(path, fs_symlink(dir, name, target)) == 0);
	}
	CHECK(lookup("/s40", LOOKUP_FOLLOW, &ip) == 0 && S_ISDIR(ip->mode));
	inode_put(ip);
	CHECK(lookup("/s41", LOOKUP_FOLLOW, &ip) == -ELOOP);
	for (int i = 1; i <= 41; i++) {
		snprintf(path, sizeof(path), "/s%d", i);
		CHECK(ON_PARENT(path, fs_unlink(dir, name)) == 0);
	}
	CHECK(ON_PARENT("/s0", fs_rmdir(dir, name)) == 0);
	CHECK(fs_inode_count() == 1);
}

static void create_and_unlink(void)
{
	setup();
	struct inode *ip, *a = at("/a");
	CHECK(create_at(root, "/a/f", 0644, &ip) == -EEXIST);
	CHECK(create_at(root, "/a/nodir/f", 0644, &ip) == -ENOENT);
	CHECK(create_at(root, "/a/f/g", 0644, &ip) == -ENOTDIR);
	CHECK(create_at(a, "g", 0640, &ip) == 0 && ip->nlink == 1 && (ip->mode & 0777) == 0640);
	CHECK(at("/a/g") == ip);
	/* A hard link, then an unlink of each name; the open reference keeps the inode. */
	CHECK(ON_PARENT("/h", fs_link(dir, name, ip)) == 0 && ip->nlink == 2);
	CHECK(ON_PARENT("/h", fs_link(dir, name, ip)) == -EEXIST);
	CHECK(ON_PARENT("/a/h", fs_link(dir, name, a)) == -EPERM);
	CHECK(write_str(ip, 0, "data") == 4);
	CHECK(ON_PARENT("/a/g", fs_unlink(dir, name)) == 0 && ip->nlink == 1);
	CHECK(ON_PARENT("/h", fs_unlink(dir, name)) == 0 && ip->nlink == 0);
	CHECK(at("/h") == NULL && pages_out == 1);
	char buf[8] = { 0 };
	CHECK(read_at(ip, 0, buf, sizeof(buf)) == 4 && !memcmp(buf, "data", 4));
	CHECK(ON_PARENT("/h", fs_link(dir, name, ip)) == -ENOENT);
	inode_put(ip);   /* the last close frees it */
	CHECK(pages_out == 0);
	CHECK(ON_PARENT("/a", fs_unlink(dir, name)) == -EISDIR);
	CHECK(ON_PARENT("/a/none", fs_unlink(dir, name)) == -ENOENT);
	teardown();
}

static void directories(void)
{
	setup();
	struct inode *a = at("/a"), *b = at("/a/b");
	CHECK(a->nlink == 3 && b->nlink == 2 && root->nlink == 3);
	CHECK(ON_PARENT("/a", fs_mkdir(dir, name, 0755)) == -EEXIST);
	CHECK(ON_PARENT("/", fs_mkdir(dir, name, 0755)) == -EEXIST);
	CHECK(ON_PARENT("/a", fs_rmdir(dir, name)) == -ENOTEMPTY);
	CHECK(ON_PARENT("/a/f", fs_rmdir(dir, name)) == -ENOTDIR);
	CHECK(ON_PARENT("/a/.", fs_rmdir(dir, name)) == -EINVAL);
	CHECK(ON_PARENT("/a/b/..", fs_rmdir(dir, name)) == -ENOTEMPTY);
	CHECK(ON_PARENT("/a/x", fs_rmdir(dir, name)) == -ENOENT);
	/* Entries in creation order. */
	CHECK(!strcmp(dir_entry_at(a, 0)->name, "b") && !strcmp(dir_entry_at(a, 1)->name, "f"));
	CHECK(dir_entry_at(a, 2) == NULL && a->size == 2);
	/* A removed directory that is still someone's cwd: "..", new names fail. */
	struct inode *d;
	CHECK(ON_PARENT("/a/b/c", fs_mkdir(dir, name, 0755)) == 0);
	CHECK(lookup("/a/b/c", 0, &d) == 0);
	CHECK(ON_PARENT("/a/b/c", fs_rmdir(dir, name)) == 0 && d->nlink == 0 && b->nlink == 2);
	CHECK(fs_lookup(root, d, "..", 0, &b) == -ENOENT);
	CHECK(create_at(d, "new", 0644, NULL) == -ENOENT);
	inode_put(d);
	teardown();
}

/* A directory of many names (hashed from DIR_HASH_MIN on, its table regrown as it
 * fills): every name is found, removed names are not, the order of creation stays, and
 * renames within it and appends after removing the last name keep it all consistent. */
static void many_names(void)
{
	enum { N = 300 };
	char name[16];
	struct inode *a, *ip;

	setup();
	a = at("/a");
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		CHECK(fs_create(a, name, 0644, NULL) == 0);
		CHECK(fs_create(a, name, 0644, NULL) == -EEXIST);
	}
	CHECK(a->size == N + 2);
	for (int i = 0; i < N; i += 2) {
		snprintf(name, sizeof(name), "n%d", i);
		CHECK(fs_unlink(a, name) == 0);
	}
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		ip = fs_lookup_child(a, name);
		CHECK((ip != NULL) == (i % 2 == 1));
		inode_put(ip);
	}
	/* Creation order: b, f, then n1, n3, ... */
	CHECK(!strcmp(dir_entry_at(a, 2)->name, "n1") && !strcmp(dir_entry_at(a, 3)->name, "n3"));
	/* The last name removed, a new one goes at the end. */
	snprintf(name, sizeof(name), "n%d", N - 1);
	CHECK(fs_unlink(a, name) == 0);
	CHECK(fs_create(a, "last", 0644, NULL) == 0);
	CHECK(!strcmp(dir_entry_at(a, a->size - 1)->name, "last"));
	CHECK(fs_rename(a, "n1", a, "n3", 0) == 0);
	CHECK(fs_lookup_child(a, "n1") == NULL);
	ip = fs_lookup_child(a, "n3");
	CHECK(ip != NULL && !strcmp(dir_entry_at(a, a->size - 1)->name, "n3"));
	inode_put(ip);
	while (a->size > 2) {
		struct dirent_node *d = dir_entry_at(a, 2);
		CHECK(fs_unlink(a, d->name) == 0);
	}
	CHECK(fs_create(a, "again", 0644, NULL) == 0 && fs_unlink(a, "again") == 0);
	teardown();
}

static void rename_cases(void)
{
	setup();
	struct inode *a = at("/a"), *b = at("/a/b"), *f = at("/a/f"), *g;
	CHECK(ON_PARENT("/a/f", fs_rename(dir, name, root, "f2", 0)) == 0);
	CHECK(at("/a/f") == NULL && at("/f2") == f && f->nlink == 1);
	CHECK(ON_PARENT("/f2", fs_rename(dir, name, a, "f", 0)) == 0);
	/* Replacing a file; NOREPLACE refuses. */
	CHECK(create_at(root, "/g", 0644, &g) == 0);
	inode_put(g);
	CHECK(ON_PARENT("/g", fs_rename(dir, name, a, "f", 1)) == -EEXIST);
	CHECK(ON_PARENT("/g", fs_rename(dir, name, a, "f", 0)) == 0);
	CHECK(at("/a/f") == g && at("/g") == NULL && a->size == 2);
	/* Directories: moved with "..", not into themselves, not over files or full dirs. */
	CHECK(ON_PARENT("/a/b", fs_rename(dir, name, b, "x", 0)) == -EINVAL);
	CHECK(ON_PARENT("/a/b", fs_rename(dir, name, a, "f", 0)) == -ENOTDIR);
	CHECK(ON_PARENT("/a/f", fs_rename(dir, name, a, "b", 0)) == -EISDIR);
	CHECK(ON_PARENT("/a/b", fs_rename(dir, name, root, "b", 0)) == 0);
	CHECK(at("/b/..") == root && a->nlink == 2 && root->nlink == 4 && b->nlink == 2);
	CHECK(ON_PARENT("/e", fs_mkdir(dir, name, 0755)) == 0);
	CHECK(ON_PARENT("/b", fs_rename(dir, name, root, "e", 0)) == 0);
	CHECK(at("/e") == b && at("/b") == NULL && root->nlink == 4);
	CHECK(ON_PARENT("/e", fs_rename(dir, name, a, "b", 0)) == 0);
	CHECK(ON_PARENT("/a", fs_rename(dir, name, root, "abs", 0)) == -ENOTDIR);
	CHECK(ON_PARENT("/a/f", fs_rename(dir, name, a, "..", 0)) == -EBUSY);
	CHECK(ON_PARENT("/a/none", fs_rename(dir, name, a, "x", 0)) == -ENOENT);
	teardown();
}

static void data_and_truncate(void)
{
	struct inode *ip;
	char buf[3 * FS_PAGE_SIZE];
	root = fs_root();
	CHECK(create_at(root, "/d", 0644, &ip) == 0);
	CHECK(write_str(ip, 0, "hello") == 5 && ip->size == 5 && pages_out == 1);
	CHECK(fs_page_count() == 1);
	/* A write past the end leaves a hole that reads as zeros and takes no page. */
	CHECK(write_str(ip, 2 * FS_PAGE_SIZE + 10, "end") == 3 && pages_out == 2);
	CHECK(ip->size == 2 * FS_PAGE_SIZE + 13);
	memset(buf, 'x', sizeof(buf));
	CHECK(read_at(ip, 0, buf, sizeof(buf)) == 2 * FS_PAGE_SIZE + 13);
	CHECK(!memcmp(buf, "hello", 5) && buf[5] == 0 && buf[FS_PAGE_SIZE + 7] == 0);
	CHECK(!memcmp(buf + 2 * FS_PAGE_SIZE + 10, "end", 3));
	CHECK(read_at(ip, ip->size, buf, 10) == 0 && read_at(ip, ip->size + 100, buf, 1) == 0);
	/* Shrinking frees pages and zeroes the cut tail, so growing reads zeros. */
	CHECK(inode_truncate(ip, 3) == 0 && ip->size == 3 && pages_out == 1);
	CHECK(inode_truncate(ip, 10) == 0 && read_at(ip, 0, buf, 10) == 10);
	CHECK(!memcmp(buf, "hel\0\0\0\0\0\0\0", 10));
	CHECK(inode_truncate(ip, 0) == 0 && pages_out == 0);
	CHECK(inode_truncate(ip, FS_MAX_FILE_SIZE + 1) == -EFBIG);
	CHECK(write_str(ip, FS_MAX_FILE_SIZE, "x") == -EFBIG);
	/* Out of pages: a partial write counts what it wrote, then ENOSPC. */
	char big[2 * FS_PAGE_SIZE + 1];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	page_budget = 1;
	CHECK(write_str(ip, 0, big) == FS_PAGE_SIZE);
	CHECK(write_str(ip, FS_PAGE_SIZE, "z") == -ENOSPC);
	page_budget = -1;
	CHECK(ON_PARENT("/d", fs_unlink(dir, name)) == 0 && pages_out == 1);
	inode_put(ip);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

/* A whole-page write takes a page without zeroing it; when its copy fails the page goes
 * back, so the hole still reads zeros and nothing of the page's old contents shows. */
static void failed_whole_page_write(void)
{
	struct inode *ip;
	char buf[16];
	struct fs_buf bad = { failing_copy, 0 };
	root = fs_root();
	CHECK(create_at(root, "/w", 0644, &ip) == 0);
	CHECK(inode_truncate(ip, 2 * FS_PAGE_SIZE) == 0);
	CHECK(inode_write(ip, FS_PAGE_SIZE, FS_PAGE_SIZE, &bad) == -EFAULT);
	CHECK(pages_out == 0 && ip->size == 2 * FS_PAGE_SIZE);
	memset(buf, 'x', sizeof(buf));
	CHECK(read_at(ip, FS_PAGE_SIZE, buf, sizeof(buf)) == sizeof(buf));
	CHECK(buf[0] == 0 && buf[15] == 0);
	CHECK(ON_PARENT("/w", fs_unlink(dir, name)) == 0);
	inode_put(ip);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

/* st_blocks and the pages held count every page a file takes, by write or by a fault of
 * a mapping into a hole (inode_page), and drop with truncation. */
static void page_counts_and_blocks(void)
{
	struct inode *ip;
	struct stat st;
	void *page;
	root = fs_root();
	CHECK(create_at(root, "/b", 0644, &ip) == 0);
	CHECK(write_str(ip, 0, "a") == 1 && inode_truncate(ip, 3 * FS_PAGE_SIZE) == 0);
	inode_stat(ip, &st);
	CHECK(st.st_blocks == FS_PAGE_SIZE / 512 && fs_page_count() == 1);
	CHECK(inode_page_locked(ip, 2, &page) == 0 && pages_out == 2 && fs_page_count() == 2);
	inode_stat(ip, &st);
	CHECK(st.st_blocks == 2 * FS_PAGE_SIZE / 512 && st.st_size == 3 * FS_PAGE_SIZE);
	CHECK(inode_truncate(ip, FS_PAGE_SIZE) == 0 && fs_page_count() == 1);
	inode_stat(ip, &st);
	CHECK(st.st_blocks == FS_PAGE_SIZE / 512);
	CHECK(inode_truncate(ip, 0) == 0 && fs_page_count() == 0);
	inode_stat(ip, &st);
	CHECK(st.st_blocks == 0);
	CHECK(ON_PARENT("/b", fs_unlink(dir, name)) == 0);
	inode_put(ip);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

/* SEEK_DATA and SEEK_HOLE as tmpfs finds them: a missing page is a hole, so is the end. */
static void seek_data_and_holes(void)
{
	struct inode *ip;
	root = fs_root();
	CHECK(create_at(root, "/h", 0644, &ip) == 0);
	CHECK(inode_seek_data(ip, 0, 0) == -ENXIO && inode_seek_data(ip, 0, 1) == -ENXIO);
	CHECK(write_str(ip, 2 * FS_PAGE_SIZE + 5, "data") == 4);
	CHECK(inode_seek_data(ip, 0, 0) == 2 * FS_PAGE_SIZE);
	CHECK(inode_seek_data(ip, 0, 1) == 0);
	CHECK(inode_seek_data(ip, 2 * FS_PAGE_SIZE + 1, 0) == 2 * FS_PAGE_SIZE + 1);
	CHECK(inode_seek_data(ip, 2 * FS_PAGE_SIZE + 1, 1) == (int64_t)ip->size);
	CHECK(write_str(ip, 10, "x") == 1);
	CHECK(inode_seek_data(ip, 0, 0) == 0 && inode_seek_data(ip, 0, 1) == FS_PAGE_SIZE);
	CHECK(inode_seek_data(ip, ip->size, 0) == -ENXIO);
	CHECK(inode_seek_data(ip, ip->size, 1) == -ENXIO);
	CHECK(ON_PARENT("/h", fs_unlink(dir, name)) == 0);
	inode_put(ip);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

/* A second file system mounted on /m, its names fixed, with a generated directory:
 * lookups cross into it and ".." comes back, links and renames across are EXDEV, users
 * cannot change its names, the mount point cannot go, and revalidate runs first. */
static const struct fs_sb other_sb = { 2, 0x9fa0, "other", 0, 1 };
static int revalidations;

static void count_revalidation(struct inode *dir)
{
	(void)dir;
	revalidations++;
}

static void mounted_file_system(void)
{
	struct inode *mroot, *f, *ip, *mp, *rf;
	root = fs_root();
	CHECK(ON_PARENT("/m", fs_mkdir(dir, name, 0755)) == 0);
	CHECK(create_at(root, "/rf", 0644, &rf) == 0);
	mp = at("/m");
	CHECK((mroot = inode_alloc(S_IFDIR | 0555)) != NULL);
	mroot->sb = &other_sb;
	mroot->nlink = 2;
	mroot->parent = root;
	CHECK((f = inode_alloc(S_IFREG | 0444)) != NULL);
	f->sb = &other_sb;
	CHECK(dir_add(mroot, "f", 1, f) == 0);
	inode_put(f);
	mp->mounted = mroot;
	mroot->revalidate = count_revalidation;
	CHECK(lookup("/m/f", 0, &ip) == 0 && ip == f && ip->sb == &other_sb);
	inode_put(ip);
	CHECK(revalidations == 1);
	CHECK(at("/m") == mroot && at("/m/..") == root && at("/m/../rf") == rf);
	CHECK(ON_PARENT("/m/g", fs_link(dir, name, rf)) == -EXDEV);
	CHECK(ON_PARENT("/rf2", fs_link(dir, name, f)) == -EXDEV);
	CHECK(ON_PARENT("/m/f", fs_rename(dir, name, root, "x", 0)) == -EXDEV);
	CHECK(ON_PARENT("/rf", fs_rename(dir, name, mroot, "x", 0)) == -EXDEV);
	CHECK(ON_PARENT("/m/new", fs_create(dir, name, 0644, NULL)) == -EACCES);
	CHECK(ON_PARENT("/m/new", fs_mkdir(dir, name, 0755)) == -EPERM);
	CHECK(ON_PARENT("/m/new", fs_symlink(dir, name, "f")) == -EPERM);
	CHECK(ON_PARENT("/m/f", fs_unlink(dir, name)) == -EPERM);
	CHECK(ON_PARENT("/m/f", fs_rename(dir, name, mroot, "g", 0)) == -EPERM);
	CHECK(ON_PARENT("/m/none", fs_unlink(dir, name)) == -ENOENT);
	CHECK(ON_PARENT("/m", fs_rmdir(dir, name)) == -EBUSY);
	CHECK(ON_PARENT("/m", fs_rename(dir, name, root, "n", 0)) == -EBUSY);
	/* Unmounted by hand: the second file system's inodes all go back. */
	mp->mounted = NULL;
	dir_remove(mroot, "f", 1);
	mroot->nlink = 0;
	inode_put(mroot);
	CHECK(ON_PARENT("/m", fs_rmdir(dir, name)) == 0);
	CHECK(ON_PARENT("/rf", fs_unlink(dir, name)) == 0);
	inode_put(rf);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

int main(void)
{
	kmalloc_init(&host_fs_heap);
	fs_init(&env);
	TEST(lookup_paths);
	TEST(symlink_limit);
	TEST(create_and_unlink);
	TEST(directories);
	TEST(many_names);
	TEST(rename_cases);
	TEST(data_and_truncate);
	TEST(failed_whole_page_write);
	TEST(page_counts_and_blocks);
	TEST(seek_data_and_holes);
	TEST(mounted_file_system);
	return TESTS_DONE();
}
