/* Host tests for lib/elf.c: small ELF images built in memory (one per error path),
 * a real static executable from riscv64-unknown-elf-gcc (tests/host/elf-sample.c), and
 * truncated copies of both. The host's <elf.h> is fine here: it is only the test's
 * independent description of the format. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/elf.h"
#include "abi/errno.h"
#include "tests/host/check.h"

#define USER_TOP 0x4000000000ULL
#define IMG_SIZE 0x3000
#define MAX_PH   20

struct image {
	union {
		unsigned char bytes[IMG_SIZE];
		Elf64_Ehdr eh;
	};
	size_t size;
};

static Elf64_Phdr *phdr(struct image *im, int i)
{
	return (Elf64_Phdr *)(im->bytes + im->eh.e_phoff) + i;
}

static Elf64_Phdr *add_phdr(struct image *im, uint32_t type, uint32_t flags, uint64_t offset,
			    uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = phdr(im, im->eh.e_phnum++);
	*ph = (Elf64_Phdr){ .p_type = type, .p_flags = flags, .p_offset = offset,
			    .p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
			    .p_memsz = memsz, .p_align = 0x1000 };
	return ph;
}

/* An ELF header with no program headers yet (they go right after it). */
static void make_header(struct image *im)
{
	memset(im, 0, sizeof(*im));
	im->size = IMG_SIZE;
	Elf64_Ehdr *eh = &im->eh;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_RISCV;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x10100;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
}

/* The usual shape: text (R+X, holding the headers) and data + bss (R+W). */
static void make_valid(struct image *im)
{
	make_header(im);
	add_phdr(im, PT_LOAD, PF_R | PF_X, 0, 0x10000, 0x1000, 0x1000);
	add_phdr(im, PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x800, 0x2800);
}

/* Parses a copy in a buffer of exactly im->size bytes, so ASan catches any over-read. */
static int parse(const struct image *im, struct elf_image *out, char *err, size_t errlen)
{
	unsigned char *copy = malloc(im->size ? im->size : 1);
	memcpy(copy, im->bytes, im->size);
	int r = elf_parse(copy, im->size, USER_TOP, out, err, errlen);
	free(copy);
	return r;
}

static int rejected_with(const struct image *im, const char *reason)
{
	struct elf_image out;
	char err[128] = "";
	int r = parse(im, &out, err, sizeof(err));
	if (r != -ENOEXEC || strstr(err, reason) == NULL) {
		fprintf(stderr, "  got %d \"%s\", wanted -ENOEXEC \"%s\"\n", r, err, reason);
		return 0;
	}
	return 1;
}

static void test_valid_image(void)
{
	struct image im;
	make_valid(&im);
	struct elf_image out;
	char err[64] = "";
	CHECK(parse(&im, &out, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	CHECK(out.entry == 0x10100);
	CHECK(out.nsegments == 2);
	CHECK(out.segment[0].vaddr == 0x10000 && out.segment[0].memsz == 0x1000);
	CHECK(out.segment[0].offset == 0 && out.segment[0].filesz == 0x1000);
	CHECK(out.segment[0].prot == (ELF_PROT_R | ELF_PROT_X));
	CHECK(out.segment[1].vaddr == 0x11000 && out.segment[1].memsz == 0x2800);
	CHECK(out.segment[1].offset == 0x1000 && out.segment[1].filesz == 0x800);
	CHECK(out.segment[1].prot == (ELF_PROT_R | ELF_PROT_W));
	CHECK(out.end == 0x14000);
	CHECK(out.phnum == 2 && out.phentsize == 56);
	CHECK(out.phdr_vaddr == 0x10000 + 64);
}

static void test_prot_and_end_rounding(void)
{
	struct image im;
	make_header(&im);
	add_phdr(&im, PT_LOAD, PF_X, 0x1000, 0x20000, 0x10, 0x10);
	add_phdr(&im, PT_LOAD, PF_R, 0x1100, 0x30100, 0x10, 0x10);
	add_phdr(&im, PT_LOAD, PF_W | PF_X | PF_R, 0x1200, 0x40200, 0x10, 0x4001);
	add_phdr(&im, PT_LOAD, PF_R, 0x1300, 0x25300, 0, 0x10);   /* file order is kept */
	im.eh.e_entry = 0x20000;
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.nsegments == 4);
	CHECK(out.segment[0].prot == ELF_PROT_X);
	CHECK(out.segment[1].prot == ELF_PROT_R);
	CHECK(out.segment[2].prot == (ELF_PROT_R | ELF_PROT_W | ELF_PROT_X));
	CHECK(out.segment[3].vaddr == 0x25300);
	CHECK(out.end == 0x45000);
	CHECK(out.phdr_vaddr == 0);   /* no segment loads offset 64 */
}

static void test_phdr_vaddr(void)
{
	struct image im;
	make_valid(&im);
	Elf64_Phdr *p = add_phdr(&im, PT_PHDR, PF_R, 64, 0x12345, 3 * 56, 3 * 56);
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.phdr_vaddr == 0x12345);

	/* Without PT_PHDR: the address of the loaded byte at e_phoff. */
	p->p_type = PT_NOTE;
	phdr(&im, 1)->p_offset = 0x1000;
	im.eh.e_phoff = 0x1400;
	memmove(im.bytes + 0x1400, im.bytes + 64, 3 * 56);
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.phdr_vaddr == 0x11400);

	/* Offset 0x1800 is past the data segment's filesz (bss is not from the file). */
	memmove(im.bytes + 0x1800, im.bytes + 0x1400, 3 * 56);
	im.eh.e_phoff = 0x1800;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.phdr_vaddr == 0);
}

static void test_not_elf(void)
{
	struct image im;
	make_valid(&im);
	im.bytes[1] = 'e';
	CHECK(rejected_with(&im, "not an ELF file"));
	make_valid(&im);
	im.size = 3;
	CHECK(rejected_with(&im, "not an ELF file"));
	im.size = 0;
	CHECK(rejected_with(&im, "not an ELF file"));
	im.size = 63;
	CHECK(rejected_with(&im, "truncated"));
}

static void test_header_fields(void)
{
	struct image im;
	make_valid(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	CHECK(rejected_with(&im, "not 64-bit"));
	make_valid(&im);
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK(rejected_with(&im, "little-endian"));
	make_valid(&im);
	im.eh.e_ident[EI_VERSION] = 0;
	CHECK(rejected_with(&im, "version"));
	make_valid(&im);
	im.eh.e_version = 2;
	CHECK(rejected_with(&im, "version"));
	make_valid(&im);
	im.eh.e_machine = EM_X86_64;
	CHECK(rejected_with(&im, "not RISC-V"));
	make_valid(&im);
	im.eh.e_type = ET_DYN;
	CHECK(rejected_with(&im, "position-independent executables are not supported"));
	make_valid(&im);
	im.eh.e_type = ET_REL;
	CHECK(rejected_with(&im, "not an executable"));
	make_valid(&im);
	im.eh.e_phentsize = 32;
	CHECK(rejected_with(&im, "program header size"));
}

static void test_program_headers_outside_file(void)
{
	struct image im;
	make_valid(&im);
	im.eh.e_phoff = IMG_SIZE + 1;
	CHECK(rejected_with(&im, "program headers outside the file"));
	make_valid(&im);
	im.eh.e_phoff = IMG_SIZE - 2 * 56 + 1;
	CHECK(rejected_with(&im, "program headers outside the file"));
	make_valid(&im);
	im.eh.e_phoff = UINT64_MAX - 8;   /* phoff + phnum * 56 wraps around */
	CHECK(rejected_with(&im, "program headers outside the file"));
	make_valid(&im);
	im.eh.e_phnum = 0xffff;
	CHECK(rejected_with(&im, "program headers"));
	make_valid(&im);
	im.eh.e_phnum = 1000;
	CHECK(rejected_with(&im, "program headers outside the file"));
}

static void test_dynamically_linked(void)
{
	struct image im;
	make_valid(&im);
	add_phdr(&im, PT_INTERP, PF_R, 0x2000, 0, 20, 0);
	CHECK(rejected_with(&im, "dynamically linked (PT_INTERP)"));
}

static void test_segment_file_range(void)
{
	struct image im;
	make_valid(&im);
	phdr(&im, 1)->p_filesz = 0x2801;
	CHECK(rejected_with(&im, "file size"));
	make_valid(&im);
	phdr(&im, 1)->p_offset = 0x2900;   /* 0x2900 + 0x800 > 0x3000 */
	phdr(&im, 1)->p_vaddr = 0x11900;
	CHECK(rejected_with(&im, "segment outside the file"));
	make_valid(&im);
	phdr(&im, 1)->p_offset = UINT64_MAX - 0x7ff;   /* offset + filesz wraps */
	phdr(&im, 1)->p_vaddr = 0x11000 + (UINT64_MAX - 0x7ff) % 0x1000;
	CHECK(rejected_with(&im, "segment outside the file"));
	make_valid(&im);
	phdr(&im, 1)->p_offset = 0x2800;   /* ends exactly at the end of the file: fine */
	phdr(&im, 1)->p_vaddr = 0x11800;
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
}

static void test_segment_address_range(void)
{
	struct image im;
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = 0x0;
	phdr(&im, 1)->p_offset = 0x1000;
	CHECK(rejected_with(&im, "page 0"));
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = 0xfff;
	phdr(&im, 1)->p_align = 0;
	CHECK(rejected_with(&im, "page 0"));
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = 0xfffffffffffff000ULL;   /* vaddr + memsz wraps */
	CHECK(rejected_with(&im, "outside user space"));
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = USER_TOP - 0x2000;   /* ends 0x800 above user_top */
	CHECK(rejected_with(&im, "outside user space"));
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = USER_TOP - 0x2800;   /* ends exactly at user_top: fine */
	phdr(&im, 1)->p_offset = 0x1800;
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.end == USER_TOP);
}

static void test_offset_vaddr_congruence(void)
{
	struct image im;
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = 0x11010;
	CHECK(rejected_with(&im, "modulo the page size"));
	phdr(&im, 1)->p_align = 16;   /* not page-aligned: the loader copies, no constraint */
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
}

static void test_overlapping_segments(void)
{
	struct image im;
	make_valid(&im);
	phdr(&im, 1)->p_vaddr = 0x10000;
	CHECK(rejected_with(&im, "overlapping segments"));
	/* Distinct bytes, shared page: [0x10000, 0x10800) and [0x10800, ...). */
	make_header(&im);
	add_phdr(&im, PT_LOAD, PF_R | PF_X, 0, 0x10000, 0x800, 0x800);
	add_phdr(&im, PT_LOAD, PF_R | PF_W, 0x800, 0x10800, 0x100, 0x100);
	CHECK(rejected_with(&im, "overlapping segments"));
	/* A later segment below an earlier one, reaching into its first page. */
	make_header(&im);
	add_phdr(&im, PT_LOAD, PF_R | PF_X, 0x1000, 0x20000, 0x100, 0x100);
	add_phdr(&im, PT_LOAD, PF_R | PF_W, 0, 0x10000, 0x100, 0x10001);
	im.eh.e_entry = 0x20000;
	CHECK(rejected_with(&im, "overlapping segments"));
	phdr(&im, 1)->p_memsz = 0x10000;   /* now it ends exactly where the first starts */
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
}

static void test_no_loadable_segment(void)
{
	struct image im;
	make_header(&im);
	CHECK(rejected_with(&im, "no loadable segment"));
	add_phdr(&im, PT_NOTE, PF_R, 0x100, 0x10000, 0x10, 0x10);
	CHECK(rejected_with(&im, "no loadable segment"));
	add_phdr(&im, PT_LOAD, PF_R | PF_X, 0, 0x10000, 0, 0);   /* empty: maps nothing */
	CHECK(rejected_with(&im, "no loadable segment"));
}

static void test_entry_point(void)
{
	struct image im;
	make_valid(&im);
	im.eh.e_entry = 0x11000;   /* in the data segment */
	CHECK(rejected_with(&im, "entry point not in an executable segment"));
	im.eh.e_entry = 0x11000 - 1;   /* last byte of text */
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	im.eh.e_entry = 0x20000;
	CHECK(rejected_with(&im, "entry point not in an executable segment"));
	im.eh.e_entry = 0;
	CHECK(rejected_with(&im, "entry point not in an executable segment"));
}

static void test_segment_limit(void)
{
	struct image im;
	make_header(&im);
	for (int i = 0; i < ELF_MAX_SEGMENTS; i++)
		add_phdr(&im, PT_LOAD, PF_R | PF_X, 0x1000, 0x10000 + 0x1000 * (uint64_t)i, 0x10, 0x10);
	im.eh.e_entry = 0x10000;
	struct elf_image out;
	CHECK(parse(&im, &out, NULL, 0) == 0);
	CHECK(out.nsegments == ELF_MAX_SEGMENTS);
	add_phdr(&im, PT_LOAD, PF_R, 0x1000, 0x40000, 0x10, 0x10);
	CHECK(rejected_with(&im, "too many loadable segments"));
}

static void test_reason_truncated_to_errlen(void)
{
	struct image im;
	make_valid(&im);
	im.eh.e_machine = EM_X86_64;
	struct elf_image out;
	char err[8];
	memset(err, '#', sizeof(err));
	CHECK(parse(&im, &out, err, 4) == -ENOEXEC);
	CHECK(strcmp(err, "not") == 0 && err[4] == '#');
	CHECK(parse(&im, &out, NULL, 0) == -ENOEXEC);
}

/* Every prefix of a valid image: an error, or success once all that is needed is in. */
static void check_truncations(const unsigned char *file, size_t size, size_t needed)
{
	int crashes_or_wrong = 0;
	for (size_t n = 0; n <= size; n++) {
		unsigned char *copy = malloc(n ? n : 1);
		memcpy(copy, file, n);
		struct elf_image out;
		char err[80];
		int r = elf_parse(copy, n, USER_TOP, &out, err, sizeof(err));
		if (r != (n >= needed ? 0 : -ENOEXEC))
			crashes_or_wrong++;
		free(copy);
	}
	CHECK(crashes_or_wrong == 0);
}

static void test_truncated_synthetic_image(void)
{
	struct image im;
	make_valid(&im);
	check_truncations(im.bytes, im.size, 0x1800);
}

/* Compiles tests/host/elf-sample.c with the cross compiler; returns the file's bytes. */
static unsigned char *build_sample(size_t *size)
{
	const char *out = "build/host/elf-sample";
	if (system("riscv64-unknown-elf-gcc -O2 -Wall -Wextra -Werror -nostdlib -static "
		   "-march=rv64imac -mabi=lp64 -Wl,-e,_start tests/host/elf-sample.c "
		   "-o build/host/elf-sample") != 0)
		return NULL;
	FILE *fp = fopen(out, "rb");
	if (!fp)
		return NULL;
	unsigned char *data = malloc(1 << 20);
	*size = fread(data, 1, 1 << 20, fp);
	fclose(fp);
	return data;
}

static void test_real_executable(void)
{
	size_t size = 0;
	unsigned char *file = build_sample(&size);
	CHECK(file != NULL);
	if (!file)
		return;
	struct elf_image out;
	char err[80] = "";
	CHECK(elf_parse(file, size, USER_TOP, &out, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');

	/* Compare with an independent reading through the host's <elf.h>. */
	Elf64_Ehdr eh;
	memcpy(&eh, file, sizeof(eh));
	CHECK(out.entry == eh.e_entry && out.phnum == eh.e_phnum);
	int loads = 0, has_x = 0, has_bss = 0;
	uint64_t end = 0, needed = eh.e_phoff + eh.e_phnum * sizeof(Elf64_Phdr);
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, file + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		const struct elf_segment *s = &out.segment[loads++];
		CHECK(s->vaddr == ph.p_vaddr && s->memsz == ph.p_memsz);
		CHECK(s->offset == ph.p_offset && s->filesz == ph.p_filesz);
		CHECK(!!(s->prot & ELF_PROT_X) == !!(ph.p_flags & PF_X));
		CHECK(!!(s->prot & ELF_PROT_W) == !!(ph.p_flags & PF_W));
		has_x |= (ph.p_flags & PF_X) && eh.e_entry - ph.p_vaddr < ph.p_memsz;
		has_bss |= ph.p_memsz > ph.p_filesz;
		if (ph.p_offset == 0)
			CHECK(out.phdr_vaddr == ph.p_vaddr + eh.e_phoff);
		if (ph.p_vaddr + ph.p_memsz > end)
			end = ph.p_vaddr + ph.p_memsz;
		if (ph.p_offset + ph.p_filesz > needed)
			needed = ph.p_offset + ph.p_filesz;
	}
	CHECK(loads == out.nsegments && loads >= 2);
	CHECK(has_x && has_bss);
	CHECK(out.end == ((end + 4095) & ~4095ULL));
	check_truncations(file, size, needed);
	free(file);
}

/* elf_parse needs only elf_headers_size bytes at data: given a buffer of just those (ASan
 * catches a read past it) and the whole file's size, it reads the same image. */
static void test_headers_only(void)
{
	size_t size = 0;
	unsigned char *file = build_sample(&size);
	CHECK(file != NULL);
	if (!file)
		return;
	Elf64_Ehdr eh;
	memcpy(&eh, file, sizeof(eh));
	CHECK(elf_headers_size(file, 10) == sizeof(eh));
	size_t need = elf_headers_size(file, size);
	CHECK(need == eh.e_phoff + (size_t)eh.e_phnum * sizeof(Elf64_Phdr) && need < size);
	unsigned char *head = malloc(need);
	memcpy(head, file, need);
	struct elf_image whole, part;
	char err[80] = "";
	CHECK(elf_parse(file, size, USER_TOP, &whole, err, sizeof(err)) == 0);
	CHECK(elf_parse(head, size, USER_TOP, &part, err, sizeof(err)) == 0);
	CHECK(memcmp(&whole, &part, sizeof(whole)) == 0);
	free(head);
	free(file);
}

int main(void)
{
	TEST(test_valid_image);
	TEST(test_prot_and_end_rounding);
	TEST(test_phdr_vaddr);
	TEST(test_not_elf);
	TEST(test_header_fields);
	TEST(test_program_headers_outside_file);
	TEST(test_dynamically_linked);
	TEST(test_segment_file_range);
	TEST(test_segment_address_range);
	TEST(test_offset_vaddr_congruence);
	TEST(test_overlapping_segments);
	TEST(test_no_loadable_segment);
	TEST(test_entry_point);
	TEST(test_segment_limit);
	TEST(test_reason_truncated_to_errlen);
	TEST(test_truncated_synthetic_image);
	TEST(test_real_executable);
	TEST(test_headers_only);
	return TESTS_DONE();
}
