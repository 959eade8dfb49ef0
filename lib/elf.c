/* Checking an ELF64 executable (System V gABI, "ELF Header" and "Program Header"; RISC-V
 * psABI). Nothing is trusted: every offset and size is checked against the file and the
 * user address range, without overflow, before the loader uses it. */
#include <string.h>
#include "lib/elf.h"
#include "lib/errmsg.h"
#include "abi/errno.h"

/* The structures as the gABI lays them out; the host's <elf.h> is not available to the
 * kernel build. */
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header is 56 bytes");

#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define ET_DYN        3
#define EM_RISCV      243
#define PN_XNUM       0xffff   /* the real count is elsewhere (section 0): not supported */

#define PT_LOAD       1
#define PT_INTERP     3
#define PT_PHDR       6

#define PF_X          1
#define PF_W          2
#define PF_R          4

#define ELF_PAGE_SIZE 4096ULL

static int fail(char *err, size_t errlen, const char *reason)
{
	return error_message(err, errlen, -ENOEXEC, reason, NULL);
}

static uint64_t page_down(uint64_t a) { return a & ~(ELF_PAGE_SIZE - 1); }
/* Callers make sure a + ELF_PAGE_SIZE - 1 does not overflow. */
static uint64_t page_up(uint64_t a) { return page_down(a + ELF_PAGE_SIZE - 1); }

static uint32_t prot_from_flags(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? ELF_PROT_R : 0) | ((p_flags & PF_W) ? ELF_PROT_W : 0) |
	       ((p_flags & PF_X) ? ELF_PROT_X : 0);
}

static int check_header(const struct elf64_ehdr *eh, size_t size, char *err, size_t errlen)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, errlen, "not 64-bit");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, "not little-endian");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(err, errlen, "unsupported ELF version");
	if (eh->e_machine != EM_RISCV)
		return fail(err, errlen, "not RISC-V");
	if (eh->e_type == ET_DYN)
		return fail(err, errlen, "position-independent executables are not supported");
	if (eh->e_type != ET_EXEC)
		return fail(err, errlen, "not an executable");
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(err, errlen, "unexpected program header size");
	if (eh->e_phnum == PN_XNUM)
		return fail(err, errlen, "too many program headers");
	if (eh->e_phoff > size || (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
		return fail(err, errlen, "program headers outside the file");
	return 0;
}

/* Checks one PT_LOAD on its own and against the segments already accepted. */
static int check_load(const struct elf64_phdr *ph, size_t size, uint64_t user_top,
		      const struct elf_image *img, char *err, size_t errlen)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(err, errlen, "segment file size larger than its memory size");
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return fail(err, errlen, "segment outside the file");
	if (ph->p_vaddr < ELF_PAGE_SIZE)
		return fail(err, errlen, "segment maps page 0");
	if (ph->p_memsz > user_top || ph->p_vaddr > user_top - ph->p_memsz)
		return fail(err, errlen, "segment outside user space");
	/* The page holding the segment's first byte comes from the file page at the same
	 * offset within a page (gABI: p_vaddr == p_offset modulo p_align). */
	if (ph->p_align >= ELF_PAGE_SIZE && ph->p_offset % ELF_PAGE_SIZE != ph->p_vaddr % ELF_PAGE_SIZE)
		return fail(err, errlen, "segment offset and address differ modulo the page size");
	if (img->nsegments == ELF_MAX_SEGMENTS)
		return fail(err, errlen, "too many loadable segments");

	/* Each page gets one protection, so two segments may not share a page. */
	uint64_t lo = page_down(ph->p_vaddr), hi = page_up(ph->p_vaddr + ph->p_memsz);
	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		if (lo < page_up(s->vaddr + s->memsz) && page_down(s->vaddr) < hi)
			return fail(err, errlen, "overlapping segments");
	}
	return 0;
}

/* AT_PHDR: where the program headers are once loaded, if some segment loads them. */
static uint64_t find_phdr_vaddr(const struct elf_image *img, uint64_t phoff)
{
	for (int i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->segment[i];
		if (phoff >= s->offset && phoff - s->offset < s->filesz)
			return s->vaddr + (phoff - s->offset);
	}
	return 0;
}

int elf_parse(const void *data, size_t size, uint64_t user_top, struct elf_image *out,
	      char *err, size_t errlen)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	const uint8_t *file = data;
	struct elf64_ehdr eh;

	if (size < sizeof(magic) || memcmp(file, magic, sizeof(magic)) != 0)
		return fail(err, errlen, "not an ELF file");
	if (size < sizeof(eh))
		return fail(err, errlen, "truncated ELF header");
	memcpy(&eh, file, sizeof(eh));   /* the file need not be aligned */
	int r = check_header(&eh, size, err, errlen);
	if (r < 0)
		return r;

	/* Rounded down to a page: then page_up() of any accepted segment end cannot overflow. */
	user_top = page_down(user_top);
	memset(out, 0, sizeof(*out));
	int have_phdr_entry = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, file + eh.e_phoff + (size_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_INTERP)
			return fail(err, errlen, "dynamically linked (PT_INTERP)");
		if (ph.p_type == PT_PHDR) {
			out->phdr_vaddr = ph.p_vaddr;
			have_phdr_entry = 1;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;   /* an empty PT_LOAD maps nothing */
		r = check_load(&ph, size, user_top, out, err, errlen);
		if (r < 0)
			return r;
		struct elf_segment *s = &out->segment[out->nsegments++];
		s->vaddr = ph.p_vaddr;
		s->memsz = ph.p_memsz;
		s->filesz = ph.p_filesz;
		s->offset = ph.p_offset;
		s->prot = prot_from_flags(ph.p_flags);
		if (page_up(s->vaddr + s->memsz) > out->end)
			out->end = page_up(s->vaddr + s->memsz);
	}
	if (out->nsegments == 0)
		return fail(err, errlen, "no loadable segment");

	int entry_ok = 0;
	for (int i = 0; i < out->nsegments; i++) {
		const struct elf_segment *s = &out->segment[i];
		if ((s->prot & ELF_PROT_X) && eh.e_entry >= s->vaddr && eh.e_entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	if (!entry_ok)
		return fail(err, errlen, "entry point not in an executable segment");

	out->entry = eh.e_entry;
	out->phnum = eh.e_phnum;
	out->phentsize = eh.e_phentsize;
	if (!have_phdr_entry)
		out->phdr_vaddr = find_phdr_vaddr(out, eh.e_phoff);
	return 0;
}

size_t elf_headers_size(const void *data, size_t n)
{
	struct elf64_ehdr eh;

	if (n < sizeof(eh))
		return sizeof(eh);
	memcpy(&eh, data, sizeof(eh));
	uint64_t phdrs = (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr);
	if (eh.e_phoff > SIZE_MAX - phdrs)
		return SIZE_MAX;
	return eh.e_phoff + phdrs > sizeof(eh) ? eh.e_phoff + phdrs : sizeof(eh);
}
