/* Checking an ELF64 executable and listing what to load (System V gABI, "Program Header";
 * RISC-V psABI for EM_RISCV). Pure logic, host-tested; the loader maps the segments. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_PROT_R 1   /* same values as PROT_READ/WRITE/EXEC */
#define ELF_PROT_W 2
#define ELF_PROT_X 4

struct elf_segment {
	uint64_t vaddr;   /* p_vaddr (not necessarily page-aligned) */
	uint64_t memsz;
	uint64_t filesz;
	uint64_t offset;  /* p_offset into the file */
	uint32_t prot;    /* ELF_PROT_* from p_flags */
};

struct elf_image {
	uint64_t entry;
	uint64_t phdr_vaddr;  /* where the program headers are in memory (for AT_PHDR), 0 if not loaded */
	uint16_t phnum;
	uint16_t phentsize;
	int nsegments;
	struct elf_segment segment[ELF_MAX_SEGMENTS];  /* the PT_LOAD segments, in file order */
	uint64_t end;         /* highest vaddr+memsz, rounded up to a page: where brk starts */
};

/* Validates data[0..size) as a static RISC-V ELF64 little-endian ET_EXEC executable whose
 * PT_LOAD segments lie in [page 1, user_top) and within the file. Returns 0, or -ENOEXEC
 * with a one-line reason in err: "not an ELF file", "not 64-bit", "not RISC-V",
 * "dynamically linked (PT_INTERP)", "segment outside the file", "overlapping segments",
 * "no loadable segment", "entry point not in an executable segment", ... */
int elf_parse(const void *data, size_t size, uint64_t user_top, struct elf_image *out,
	      char *err, size_t errlen);

/* How many of the file's first bytes elf_parse reads: the ELF header, then (once the n
 * bytes at data hold the header) up to the end of the program headers. Only that many
 * need be at data when size is the whole file's size: a loader can parse the start of a
 * file and copy the segments from the file itself. */
size_t elf_headers_size(const void *data, size_t n);

#endif
