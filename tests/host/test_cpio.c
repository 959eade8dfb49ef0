/* Host tests for lib/cpio.c: archives built in C and by the real cpio(1), and
 * hand-corrupted copies (truncated at every length, bad magic, bad hex, bad sizes). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/cpio.h"
#include "abi/errno.h"
#include "tests/host/check.h"
#include "tests/host/newc.h"

#define S_DIR  0040755u
#define S_FILE 0100644u

/* Offsets inside a newc header (cpio(5)): magic, then 8-digit fields. */
#define FIELD_OFF(i)    (6 + 8 * (i))
#define FIELD_FILESIZE  6
#define FIELD_NAMESIZE  11

/* Name lengths 1..4 and odd data sizes exercise every padding amount. */
static void make_sample(struct newc_archive *a)
{
	a->len = 0;
	newc_add(a, ".", S_DIR, 0, "", 0);
	newc_add(a, "init", S_FILE, 0, "INIT-PROGRAM", 12);
	newc_add(a, "bin", S_DIR, 0, "", 0);
	newc_add(a, "bin/sh", S_FILE, 0, "shell", 5);
	newc_add(a, "./etc/motd", S_FILE, 0, "hi!", 3);
	newc_add(a, "ab", S_FILE, 0, "", 0);
	newc_add(a, "TRAILER!!!", 0, 0, "", 0);
}

static int name_is(const struct cpio_file *f, const char *s)
{
	return f->name_len == strlen(s) && memcmp(f->name, s, f->name_len) == 0;
}

static void test_iterates_entries_in_order(void)
{
	struct newc_archive a;
	make_sample(&a);
	const char *names[] = { ".", "init", "bin", "bin/sh", "./etc/motd", "ab" };
	size_t offset = 0;
	struct cpio_file f;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 1);
		CHECK(name_is(&f, names[i]));
		CHECK(offset % 4 == 0);
		CHECK(((const char *)f.data - a.buf) % 4 == 0);
	}
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 0);
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 0);
}

/* NULs after a name's own pad it: the name ends at the first, the data comes after all. */
static void test_padded_name(void)
{
	struct newc_archive a;
	a.len = 0;
	newc_add_padded(&a, ".", 1000, S_DIR, 0, "", 0);
	newc_add(&a, "init", S_FILE, 0, "INIT", 4);
	newc_add(&a, "TRAILER!!!", 0, 0, "", 0);
	size_t offset = 0;
	struct cpio_file f;
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 1 && name_is(&f, "."));
	CHECK(offset == 1112);   /* 110 + 1002, already a multiple of 4 */
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 1 && name_is(&f, "init"));
	CHECK(f.size == 4 && memcmp(f.data, "INIT", 4) == 0);
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 0);
}

static void test_entry_fields(void)
{
	struct newc_archive a;
	make_sample(&a);
	size_t offset = 0;
	struct cpio_file f;
	cpio_next(a.buf, a.len, &offset, &f, NULL, 0);
	CHECK(f.mode == S_DIR && f.size == 0);
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == 1);
	CHECK(f.mode == S_FILE);
	CHECK(f.size == 12 && memcmp(f.data, "INIT-PROGRAM", 12) == 0);
	/* "." ends at 110 + 2 = 112, already aligned: the next header starts there. */
	CHECK(f.name == a.buf + 112 + NEWC_HEADER_SIZE);
	CHECK((const char *)f.data == a.buf + 228);   /* 222 + "init\0" = 227, padded */
}

static void test_find_path_forms(void)
{
	struct newc_archive a;
	make_sample(&a);
	struct cpio_file f;
	const char *init_forms[] = { "init", "/init", "./init", "//init" };
	for (int i = 0; i < 4; i++) {
		memset(&f, 0, sizeof(f));
		CHECK(cpio_find(a.buf, a.len, init_forms[i], &f, NULL, 0) == 0);
		CHECK(f.size == 12 && memcmp(f.data, "INIT-PROGRAM", 12) == 0);
	}
	CHECK(cpio_find(a.buf, a.len, "/bin/sh", &f, NULL, 0) == 0);
	CHECK(f.size == 5 && memcmp(f.data, "shell", 5) == 0);
	CHECK(cpio_find(a.buf, a.len, "/etc/motd", &f, NULL, 0) == 0);
	CHECK(f.size == 3 && memcmp(f.data, "hi!", 3) == 0);
	CHECK(cpio_find(a.buf, a.len, "ab", &f, NULL, 0) == 0);
	CHECK(f.size == 0);
}

static void test_find_rejects_directories_and_missing(void)
{
	struct newc_archive a;
	make_sample(&a);
	struct cpio_file f;
	CHECK(cpio_find(a.buf, a.len, "/bin", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, a.len, "bin", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, a.len, "/", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, a.len, "/ini", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, a.len, "/initx", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, a.len, "/TRAILER!!!", &f, NULL, 0) == -ENOENT);
	CHECK(cpio_find(a.buf, 0, "/init", &f, NULL, 0) == -ENOENT);
}

static void test_find_later_duplicate_wins(void)
{
	struct newc_archive a = { .len = 0 };
	newc_add(&a, "init", S_FILE, 0, "old", 3);
	newc_add(&a, "init", S_FILE, 0, "newer", 5);
	newc_add(&a, "d", S_FILE, 0, "file", 4);
	newc_add(&a, "d", S_DIR, 0, "", 0);
	newc_add(&a, "TRAILER!!!", 0, 0, "", 0);
	struct cpio_file f;
	CHECK(cpio_find(a.buf, a.len, "/init", &f, NULL, 0) == 0);
	CHECK(f.size == 5 && memcmp(f.data, "newer", 5) == 0);
	CHECK(cpio_find(a.buf, a.len, "/d", &f, NULL, 0) == -ENOENT);
}

static void test_entries_after_trailer_are_ignored(void)
{
	struct newc_archive a;
	make_sample(&a);
	newc_add(&a, "late", S_FILE, 0, "x", 1);
	struct cpio_file f;
	CHECK(cpio_find(a.buf, a.len, "/late", &f, NULL, 0) == -ENOENT);
}

/* Corrupts a copy of the sample and expects -EINVAL from both calls with a reason
 * containing `why`. */
static void expect_malformed(size_t at, const char *bytes, const char *why)
{
	struct newc_archive a;
	make_sample(&a);
	memcpy(a.buf + at, bytes, strlen(bytes));
	char err[80] = "";
	size_t offset = 0;
	struct cpio_file f;
	int r = 0;
	for (int i = 0; i < 20 && (r = cpio_next(a.buf, a.len, &offset, &f, err, sizeof(err))) == 1; i++)
		;
	CHECK(r == -EINVAL);
	CHECK(strstr(err, why) != NULL);
	err[0] = '\0';
	CHECK(cpio_find(a.buf, a.len, "/zzz", &f, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, why) != NULL);
}

static void test_bad_magic(void)
{
	expect_malformed(0, "070707", "magic");
	expect_malformed(5, "2", "magic");
	expect_malformed(0, "7", "magic");
}

static void test_bad_hex(void)
{
	expect_malformed(FIELD_OFF(FIELD_FILESIZE) + 7, "g", "non-hex");
	expect_malformed(FIELD_OFF(FIELD_NAMESIZE), " ", "non-hex");
	expect_malformed(FIELD_OFF(12) + 3, "x", "non-hex");
	expect_malformed(FIELD_OFF(0), "-", "non-hex");
}

/* Every byte value at every digit of every field: only '0'-'9', 'a'-'f' and 'A'-'F' pass,
 * and a digit changes the field's value as strtoul reads it (checked on c_mtime, which
 * moves nothing). The sample starts on an odd address too, for the byte loads. */
static void test_every_digit(void)
{
	static char space[sizeof(struct newc_archive) + 1];
	struct newc_archive a;

	make_sample(&a);
	for (int odd = 0; odd < 2; odd++) {
		char *buf = space + odd;
		for (int field = 0; field < 13; field++) {
			for (int pos = 0; pos < 8; pos++) {
				for (int b = 0; b < 256; b++) {
					size_t at = FIELD_OFF(field) + pos, offset = 0;
					char err[80] = "", digits[9];
					struct cpio_file f;
					memcpy(buf, a.buf, a.len);
					buf[at] = (char)b;
					int r = cpio_next(buf, a.len, &offset, &f, err, sizeof(err));
					int hex = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') ||
						  (b >= 'A' && b <= 'F');
					CHECK(hex ? !strstr(err, "non-hex") :
						    r == -EINVAL && strstr(err, "non-hex"));
					if (!hex || field != 5)
						continue;
					memcpy(digits, buf + FIELD_OFF(5), 8);
					digits[8] = '\0';
					CHECK(r == 1 && f.mtime == strtoul(digits, NULL, 16));
				}
			}
		}
	}
}

static void test_bad_sizes(void)
{
	expect_malformed(FIELD_OFF(FIELD_NAMESIZE), "00000000", "empty name");
	expect_malformed(FIELD_OFF(FIELD_NAMESIZE), "FFFFFFFF", "past the end");
	expect_malformed(FIELD_OFF(FIELD_FILESIZE), "ffffffff", "past the end");
	expect_malformed(FIELD_OFF(FIELD_FILESIZE), "00001000", "past the end");
}

static void test_name_not_nul_terminated(void)
{
	/* The first entry's name is "." (namesize 2): overwrite its NUL. */
	expect_malformed(NEWC_HEADER_SIZE + 1, "x", "NUL");
}

static void test_reason_truncated_to_errlen(void)
{
	struct newc_archive a;
	make_sample(&a);
	a.buf[0] = 'X';
	char err[6];
	memset(err, '#', sizeof(err));
	size_t offset = 0;
	struct cpio_file f;
	CHECK(cpio_next(a.buf, a.len, &offset, &f, err, 5) == -EINVAL);
	CHECK(strlen(err) == 4 && err[5] == '#');
	CHECK(cpio_next(a.buf, a.len, &offset, &f, NULL, 0) == -EINVAL);
	CHECK(offset == 0);
}

/* Walks a copy of the first len bytes in a buffer of exactly that size (so ASan sees any
 * over-read); every entry handed out must lie inside it. Returns the last result. */
static int walk_prefix(const char *archive, size_t len, int *entries)
{
	char *copy = malloc(len ? len : 1);
	memcpy(copy, archive, len);
	size_t offset = 0;
	struct cpio_file f;
	char err[80];
	int r;
	*entries = 0;
	while ((r = cpio_next(copy, len, &offset, &f, err, sizeof(err))) == 1 && *entries < 100) {
		(*entries)++;
		CHECK(f.name >= copy && f.name + f.name_len < copy + len);
		CHECK((const char *)f.data >= copy && (const char *)f.data + f.size <= copy + len);
		CHECK(offset <= len);
		volatile char sink = 0;
		for (size_t i = 0; i < f.size; i++)
			sink ^= ((const char *)f.data)[i];
		(void)sink;
	}
	int fr = cpio_find(copy, len, "/bin/sh", &f, err, sizeof(err));
	CHECK(fr == 0 || fr == -ENOENT || fr == -EINVAL);
	free(copy);
	return r;
}

static void check_every_prefix(const char *archive, size_t len, int full_entries)
{
	for (size_t n = 0; n <= len; n++) {
		int entries;
		int r = walk_prefix(archive, n, &entries);
		CHECK(r == 0 || r == -EINVAL);
		CHECK(entries <= full_entries);
	}
	int entries;
	CHECK(walk_prefix(archive, len, &entries) == 0);
	CHECK(entries == full_entries);
}

static void test_every_prefix_of_generated_archive(void)
{
	struct newc_archive a;
	make_sample(&a);
	check_every_prefix(a.buf, a.len, 6);
	/* "init"'s data is at [228, 240): a prefix that cuts it is an error, not a short file. */
	int entries;
	CHECK(walk_prefix(a.buf, 233, &entries) == -EINVAL && entries == 1);
	/* A prefix ending exactly between entries is a clean (trailer-less) end. */
	CHECK(walk_prefix(a.buf, 112, &entries) == 0 && entries == 1);
	CHECK(walk_prefix(a.buf, 240, &entries) == 0 && entries == 2);
}

/* Builds an archive with the real cpio(1) from a temporary directory under build/host. */
static char *make_real_archive(size_t *len)
{
	char dir[] = "build/host/cpio-test-XXXXXX";
	if (!mkdtemp(dir))
		return NULL;
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p root/bin && printf 'INIT-PROGRAM' > root/init && "
		 "printf 'shell' > root/bin/sh && cd root && "
		 "printf 'init\\nbin\\nbin/sh\\n' | cpio -o -H newc --quiet > ../out.cpio",
		 dir);
	char *data = NULL;
	if (system(cmd) == 0) {
		char path[128];
		snprintf(path, sizeof(path), "%s/out.cpio", dir);
		FILE *fp = fopen(path, "rb");
		if (fp) {
			data = malloc(65536);
			*len = fread(data, 1, 65536, fp);
			fclose(fp);
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
	return data;
}

static void test_real_cpio_archive(void)
{
	size_t len = 0;
	char *data = make_real_archive(&len);
	CHECK(data != NULL);
	if (!data)
		return;
	struct cpio_file f;
	CHECK(cpio_find(data, len, "/init", &f, NULL, 0) == 0);
	CHECK(f.size == 12 && memcmp(f.data, "INIT-PROGRAM", 12) == 0);
	CHECK((f.mode & 0170000) == 0100000);
	CHECK(cpio_find(data, len, "/bin/sh", &f, NULL, 0) == 0);
	CHECK(f.size == 5 && memcmp(f.data, "shell", 5) == 0);
	CHECK(cpio_find(data, len, "/bin", &f, NULL, 0) == -ENOENT);
	check_every_prefix(data, len, 3);
	free(data);
}

int main(void)
{
	TEST(test_iterates_entries_in_order);
	TEST(test_entry_fields);
	TEST(test_padded_name);
	TEST(test_find_path_forms);
	TEST(test_find_rejects_directories_and_missing);
	TEST(test_find_later_duplicate_wins);
	TEST(test_entries_after_trailer_are_ignored);
	TEST(test_bad_magic);
	TEST(test_bad_hex);
	TEST(test_every_digit);
	TEST(test_bad_sizes);
	TEST(test_name_not_nul_terminated);
	TEST(test_reason_truncated_to_errlen);
	TEST(test_every_prefix_of_generated_archive);
	TEST(test_real_cpio_archive);
	return TESTS_DONE();
}
