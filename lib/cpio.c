/* Reading a "newc" cpio archive (cpio(5), "New ASCII Format"). Each entry is a 110-byte
 * header: the magic "070701" and 13 fields of 8 hex digits; then the name with its NUL,
 * padded so that header + name ends on a 4-byte boundary; then the data, padded to 4 bytes.
 * The entry named "TRAILER!!!" ends the archive. Every size is checked against the archive
 * before it is used, so a malformed archive is reported, never read past its end. */
#include <string.h>
#include "lib/cpio.h"
#include "lib/errmsg.h"
#include "abi/errno.h"

#define NEWC_MAGIC       "070701"
#define NEWC_MAGIC_LEN   6
#define NEWC_FIELD_LEN   8
#define NEWC_HEADER_SIZE 110   /* magic + 13 fields */
#define TRAILER_NAME     "TRAILER!!!"

/* Field numbers, in header order after the magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, F_COUNT };

#define S_IFMT  0170000
#define S_IFREG 0100000

static int set_reason(char *err, size_t errlen, const char *reason)
{
	return error_message(err, errlen, -EINVAL, reason, NULL);
}

/* The F_COUNT fields of 8 digits from p on, each as a little-endian word. A header's
 * fields start 2 bytes past a 4-byte boundary in a well-formed archive: each is read as
 * a halfword, a word and a halfword, else by bytes. Misaligned wider loads would trap to
 * the firmware on RISC-V. The alignment is tested once for all of them. */
typedef uint16_t __attribute__((may_alias)) u16_alias;
typedef uint32_t __attribute__((may_alias)) u32_alias;

static void load_fields(const char *p, uint64_t field[F_COUNT])
{
	if ((uintptr_t)p % 4 == 2) {
		for (int i = 0; i < F_COUNT; i++, p += NEWC_FIELD_LEN)
			field[i] = *(const u16_alias *)p |
				   (uint64_t)*(const u32_alias *)(p + 2) << 16 |
				   (uint64_t)*(const u16_alias *)(p + 6) << 48;
		return;
	}
	for (int i = 0; i < F_COUNT; i++, p += NEWC_FIELD_LEN) {
		uint64_t x = 0;
		for (int b = NEWC_FIELD_LEN - 1; b >= 0; b--)
			x = x << 8 | (unsigned char)p[b];
		field[i] = x;
	}
}

#define BYTES(b) (0x0101010101010101UL * (b))

/* 8 hex digits in a word, checked and converted apart: every field of a header is
 * checked, but only the four used are converted (boot reads 13 fields an entry; a digit
 * at a time cost 80 instructions a field, all of it in a word about 40, this about 20 for
 * a field only checked). Letters are folded to lower case: 'A'-'F' to 'a'-'f', and
 * '0'-'9' already have 0x20. */
static uint64_t lower(uint64_t x) { return x | BYTES(0x20); }

/* Nonzero unless all 8 bytes are hex digits. For a byte b below 0x80 - any other fails -
 * b + (0x80 - lo) has its top bit set when b >= lo, and b + (0x7f - hi) has it clear when
 * b <= hi, without a carry into the next byte. */
static uint64_t not_hex(uint64_t x)
{
	uint64_t l = lower(x);
	/* A digit: l in '0'-'9' and 0x20 set in x itself (0x10-0x19 become '0'-'9' in l). */
	uint64_t digit = (l + BYTES(0x80 - '0')) & ~(l + BYTES(0x7f - '9')) & x << 2;
	uint64_t letter = (l + BYTES(0x80 - 'a')) & ~(l + BYTES(0x7f - 'f'));

	return (x & BYTES(0x80)) | (~(digit | letter) & BYTES(0x80));
}

/* The value of 8 hex digits (not_hex(x) == 0). Each byte's value ('a' is 0x61: 1 + 9),
 * then the first byte's as the top nibble: pairs of bytes into bytes, pairs of those
 * into halfwords, then into the word. */
static uint32_t hex_value(uint64_t x)
{
	uint64_t l = lower(x);
	uint64_t v = (l & BYTES(0x0f)) + 9 * (l >> 6 & BYTES(0x01));

	v = (v << 4 | v >> 8) & 0x00ff00ff00ff00ffUL;
	v = (v << 8 | v >> 16) & 0x0000ffff0000ffffUL;
	return (uint32_t)(v << 16 | v >> 32);
}

/* x rounded up to a multiple of 4, but never beyond size: the padding after the last
 * entry of an archive may be missing. */
static size_t pad4_within(size_t x, size_t size)
{
	size_t pad = (4 - x % 4) % 4;
	return pad > size - x ? size : x + pad;
}

int cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_file *out,
	      char *err, size_t errlen)
{
	const char *base = archive;
	size_t off = *offset;

	if (off >= size)
		return 0;
	if (size - off < NEWC_HEADER_SIZE)
		return set_reason(err, errlen, "cpio: truncated header");
	const char *hdr = base + off;
	if (memcmp(hdr, NEWC_MAGIC, NEWC_MAGIC_LEN) != 0)
		return set_reason(err, errlen, "cpio: bad magic (not a newc archive)");

	uint64_t field[F_COUNT], bad = 0;
	load_fields(hdr + NEWC_MAGIC_LEN, field);
	for (int i = 0; i < F_COUNT; i++)
		bad |= not_hex(field[i]);
	if (bad)
		return set_reason(err, errlen, "cpio: non-hex digit in header");

	size_t namesize = hex_value(field[F_NAMESIZE]);   /* includes the NUL */
	size_t name_off = off + NEWC_HEADER_SIZE;
	if (namesize == 0)
		return set_reason(err, errlen, "cpio: empty name");
	if (namesize > size - name_off)
		return set_reason(err, errlen, "cpio: name runs past the end");
	const char *name = base + name_off;
	if (name[namesize - 1] != '\0')
		return set_reason(err, errlen, "cpio: name not NUL-terminated");
	if (namesize == sizeof(TRAILER_NAME) && memcmp(name, TRAILER_NAME, namesize) == 0)
		return 0;

	size_t data_off = pad4_within(name_off + namesize, size);
	size_t filesize = hex_value(field[F_FILESIZE]);
	if (filesize > size - data_off)
		return set_reason(err, errlen, "cpio: file data runs past the end");

	/* The name ends at its first NUL, as Linux's init/initramfs.c reads it (a C
	 * string): NULs after it only pad (tools/mkinitrd.py aligns file data so). */
	out->name = name;
	out->name_len = strnlen(name, namesize - 1);
	out->data = base + data_off;
	out->size = filesize;
	out->mode = hex_value(field[F_MODE]);
	out->mtime = hex_value(field[F_MTIME]);
	*offset = pad4_within(data_off + filesize, size);
	return 1;
}

/* Drops leading "/" and "./" so that "/bin/sh", "./bin/sh" and "bin/sh" compare equal. */
static void strip_leading(const char **s, size_t *len)
{
	for (;;) {
		if (*len >= 1 && (*s)[0] == '/') {
			(*s)++;
			(*len)--;
		} else if (*len >= 2 && (*s)[0] == '.' && (*s)[1] == '/') {
			*s += 2;
			*len -= 2;
		} else {
			return;
		}
	}
}

/* Scans the whole archive: when a name appears twice the later entry wins, as when Linux
 * unpacks an initramfs in order. */
int cpio_find(const void *archive, size_t size, const char *path, struct cpio_file *out,
	      char *err, size_t errlen)
{
	const char *want = path;
	size_t want_len = strlen(path);
	strip_leading(&want, &want_len);

	struct cpio_file f, match;
	int found = 0;
	size_t offset = 0;
	int r;
	while ((r = cpio_next(archive, size, &offset, &f, err, errlen)) == 1) {
		const char *name = f.name;
		size_t name_len = f.name_len;
		strip_leading(&name, &name_len);
		if (name_len == want_len && memcmp(name, want, want_len) == 0) {
			match = f;
			found = 1;
		}
	}
	if (r < 0)
		return r;
	if (!found || (match.mode & S_IFMT) != S_IFREG)
		return -ENOENT;
	*out = match;
	return 0;
}
