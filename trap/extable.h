/* Exception fixups: instructions allowed to fault (user-memory access), each with the
 * address to resume at instead of panicking. Entries live in section __ex_table. */
#ifndef TRAP_EXTABLE_H
#define TRAP_EXTABLE_H
#include <stdint.h>

struct extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

/* In inline assembly: the instruction at label `insn` resumes at label `fixup` if it traps. */
#define EXTABLE_ENTRY(insn, fixup) \
	".pushsection __ex_table, \"a\"\n.balign 8\n.dword " #insn ", " #fixup "\n.popsection\n"

/* The fixup address for a faulting pc, or 0. */
uint64_t extable_fixup(uint64_t pc);

#endif
