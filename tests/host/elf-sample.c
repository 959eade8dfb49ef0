/* A tiny static RISC-V program that tests/host/test_elf.c compiles and parses, to check
 * elf_parse() against what the real toolchain produces: code in one segment, and a data
 * segment whose .bss makes memsz larger than filesz. It is never run. */
int counter = 3;
static char scratch[8192];

__attribute__((noreturn)) void _start(void);

void _start(void)
{
	scratch[counter] = 1;
	register long a0 __asm__("a0") = scratch[3];
	register long a7 __asm__("a7") = 93;   /* Linux riscv64 exit */
	__asm__ volatile("ecall" : : "r"(a0), "r"(a7));
	for (;;)
		;
}
