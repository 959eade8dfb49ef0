/* Host tests for fs/initramfs.c: newc archives built in C unpacked into the RAM file
 * system (directories, files across pages, symlinks, modes, mtimes, a later entry
 * replacing an earlier one, kinds that are skipped), and a damaged archive, whose good
 * entries stay. Pages come from aligned_alloc with a counter, so the cleanup checks that
 * every one comes back. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "abi/errno.h"
#include "fs/initramfs.h"
#include "fs/inode.h"
#include "mm/kmalloc.h"
#include "tests/host/check.h"
#include "tests/host/host_fs_pages.h"
#include "tests/host/host_printk.h"
#include "tests/host/newc.h"

#define S_FIFO 0010644u

static int64_t now(void) { return 5; }

static const struct fs_env env = { host_fs_page_alloc, host_fs_page_free, now, NULL };

static struct inode *at(const char *path, int flags)
{
	struct inode *ip;
	if (fs_lookup(fs_root(), fs_root(), path, flags, &ip))
		return NULL;
	inode_put(ip);
	return ip;
}

static void unlink_path(const char *path, int dir)
{
	struct inode *parent;
	char name[NAME_MAX + 1];
	int slash;
	CHECK(fs_lookup_parent(fs_root(), fs_root(), path, &parent, name, &slash) == 0);
	CHECK((dir ? fs_rmdir(parent, name) : fs_unlink(parent, name)) == 0);
	inode_put(parent);
}

static char big[5000];

static void unpack_tree(void)
{
	static struct newc_archive a;
	char out[sizeof(big)];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	a.len = 0;
	newc_add(&a, ".", 0040755, 100, "", 0);
	newc_add(&a, "bin", 0040711, 200, "", 0);
	newc_add(&a, "bin/prog", 0100755, 300, big, sizeof(big));
	newc_add(&a, "./init", 0120777, 400, "bin/prog", 8);
	newc_add(&a, "/etc", 0040755, 500, "", 0);
	newc_add(&a, "etc/old", 0100600, 600, "first", 5);
	newc_add(&a, "etc/old", 0100644, 700, "second", 6);   /* replaces the first */
	newc_add(&a, "etc/fifo", S_FIFO, 800, "", 0);         /* skipped */
	newc_add(&a, "none/x", 0100644, 900, "x", 1);         /* no parent: reported, skipped */
	newc_add(&a, "TRAILER!!!", 0, 0, "", 0);
	int count = host_printk_count;
	CHECK(initramfs_unpack(a.buf, a.len, NULL) == 6);
	CHECK(host_printk_count == count + 1 && strstr(host_printk_last, "/none/x"));

	struct inode *bin = at("/bin", 0), *prog = at("/bin/prog", 0), *init = at("/init", 0);
	CHECK(bin && bin->mode == 0040711 && bin->mtime.sec == 200);
	CHECK(prog && prog->mode == 0100755 && prog->mtime.sec == 300 && prog->size == sizeof(big));
	CHECK(prog && kernel_read(prog, 0, out, sizeof(out)) == (long)sizeof(big));
	CHECK(!memcmp(out, big, sizeof(big)));
	CHECK(init && S_ISLNK(init->mode) && !strcmp(init->target, "bin/prog") && init->mtime.sec == 400);
	CHECK(at("/init", LOOKUP_FOLLOW) == prog);
	struct inode *old = at("/etc/old", 0);
	CHECK(old && old->mode == 0100644 && old->mtime.sec == 700 && old->size == 6);
	CHECK(old && kernel_read(old, 0, out, 6) == 6 && !memcmp(out, "second", 6));
	CHECK(at("/etc/fifo", 0) == NULL && at("/none", 0) == NULL);
	CHECK(fs_root()->mode == (0040755));
	CHECK(pages_out == 3);   /* two for prog, one for old: the replaced file's went back */

	unlink_path("/etc/old", 0);
	unlink_path("/etc", 1);
	unlink_path("/init", 0);
	unlink_path("/bin/prog", 0);
	unlink_path("/bin", 1);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

/* A "." entry whose padded name makes the next entry's data (named name) start on a page
 * boundary, as tools/mkinitrd.py lays archives out. */
static void align_data(struct newc_archive *a, const char *name)
{
	size_t data_at = a->len + ((NEWC_HEADER_SIZE + strlen(name) + 1 + 3) & ~3UL);
	size_t gap = -data_at % 4096;
	if (gap && gap < NEWC_HEADER_SIZE + 2)
		gap += 4096;
	if (gap)
		newc_add_padded(a, ".", gap - NEWC_HEADER_SIZE - 2, 0040755, 100, "", 0);
}

/* Page-aligned file data stays where it is: its pages become the file's, marked taken,
 * the last partial one too (zeroed past the end once the entries in it are read); a file
 * replaced by a later entry gives its pages up; unaligned data is copied. */
static void in_place(void)
{
	static struct newc_archive a;
	static char two[8192], page_b[4096], tail[100];
	for (size_t i = 0; i < sizeof(two); i++)
		two[i] = (char)(i % 251);
	memset(page_b, 'b', sizeof(page_b));
	memset(tail, 't', sizeof(tail));
	a.len = 0;
	newc_add(&a, ".", 0040755, 100, "", 0);
	align_data(&a, "big");
	size_t big_at = a.len + 116;
	newc_add(&a, "big", 0100644, 1, two, 4096);
	align_data(&a, "dup");
	newc_add(&a, "dup", 0100644, 2, two, 4096);
	align_data(&a, "dup");
	newc_add(&a, "dup", 0100644, 3, page_b, 4096);   /* replaces the first */
	align_data(&a, "part");
	size_t part_at = a.len + 116;
	newc_add(&a, "part", 0100644, 5, two, 4096 + 300);   /* "small" follows in its page */
	newc_add(&a, "small", 0100644, 4, tail, sizeof(tail));
	newc_add(&a, "copied", 0100644, 6, page_b, 4096);   /* unaligned: copied */
	newc_add(&a, "TRAILER!!!", 0, 0, "", 0);

	char *buf = aligned_alloc(4096, sizeof(a.buf));
	CHECK(buf && big_at % 4096 == 0);
	memcpy(buf, a.buf, a.len);
	unsigned char taken[sizeof(a.buf) / 4096] = { 0 };
	struct initramfs_in_place place = { buf, buf + a.len / 4096 * 4096, taken };
	foreign_first = place.first;
	foreign_end = place.end;
	foreign_freed = 0;
	CHECK(initramfs_unpack(buf, a.len, &place) == 6);
	CHECK(foreign_freed == 1);   /* the first "dup" */

	struct inode *b = at("/big", 0), *d = at("/dup", 0), *sm = at("/small", 0);
	char out[8192];
	CHECK(b && b->size == 4096 && b->pages[0] == buf + big_at && taken[big_at / 4096]);
	CHECK(kernel_read(b, 0, out, 8192) == 4096 && !memcmp(out, two, 4096));
	CHECK(d && d->size == 4096 && kernel_read(d, 0, out, 4096) == 4096);
	CHECK(!memcmp(out, page_b, 4096) && d->mtime.sec == 3);
	CHECK(sm && sm->size == sizeof(tail) && kernel_read(sm, 0, out, 100) == 100);
	CHECK(!memcmp(out, tail, sizeof(tail)) && pages_out == 2);
	/* The last partial page is kept too, zeroed past the end once "small" was read. */
	struct inode *pt = at("/part", 0);
	CHECK(pt && pt->size == 4096 + 300 && pt->pages[1] == buf + part_at + 4096);
	CHECK(taken[part_at / 4096 + 1] && kernel_read(pt, 0, out, 8192) == 4096 + 300);
	CHECK(!memcmp(out, two, 4096 + 300) && fs_page_count() == 6);
	struct inode *cp = at("/copied", 0);
	CHECK(cp && kernel_read(cp, 0, out, 8192) == 4096 && !memcmp(out, page_b, 4096));
	static const char zeros[4096 - 300];
	CHECK(!memcmp((char *)pt->pages[1] + 300, zeros, sizeof(zeros)));

	unlink_path("/big", 0);
	unlink_path("/dup", 0);
	unlink_path("/small", 0);
	unlink_path("/part", 0);
	unlink_path("/copied", 0);
	CHECK(foreign_freed == 5 && pages_out == 0 && fs_inode_count() == 1);
	foreign_first = foreign_end = NULL;
	free(buf);
}

/* An archive damaged after two good entries: reported, the two stay. */
static void damaged(void)
{
	static struct newc_archive a;
	a.len = 0;
	newc_add(&a, "d", 0040755, 1, "", 0);
	newc_add(&a, "d/f", 0100644, 2, "data", 4);
	size_t good = a.len;
	newc_add(&a, "d/g", 0100644, 3, big, sizeof(big));
	memcpy(a.buf + good, "070702", 6);   /* bad magic */
	CHECK(initramfs_unpack(a.buf, a.len, NULL) == -EINVAL);
	CHECK(strstr(host_printk_last, "malformed initrd: cpio: bad magic") != NULL);
	CHECK(at("/d/f", 0) != NULL && at("/d/g", 0) == NULL);
	unlink_path("/d/f", 0);
	unlink_path("/d", 1);
	CHECK(pages_out == 0 && fs_inode_count() == 1);
}

int main(void)
{
	kmalloc_init(&host_fs_heap);
	fs_init(&env);
	TEST(unpack_tree);
	TEST(damaged);
	TEST(in_place);
	return TESTS_DONE();
}
