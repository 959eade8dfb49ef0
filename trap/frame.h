/* The register state a trap saves on the kernel stack (trap/entry.S). On the system-call
 * path s0..s11 (x8, x9, x18..x27) are not saved: the C code preserves them itself. */
#ifndef TRAP_FRAME_H
#define TRAP_FRAME_H

/* x1..x31 live at index 1..31 (x0's slot holds nothing), then the CSRs. */
#define FRAME_REG(n)   ((n) * 8)
#define FRAME_SEPC     (32 * 8)
#define FRAME_SSTATUS  (33 * 8)
#define FRAME_STVAL    (34 * 8)
#define FRAME_SCAUSE   (35 * 8)
#define FRAME_SIZE     (36 * 8)
/* A process's frame sits at the top of its kernel stack, below FRAME_ABOVE bytes that hold
 * the hart it runs on, at FRAME_CPU from the frame. While the process runs in user mode
 * sscratch holds the frame's address, so the entry from user mode finds both the frame
 * and, through it, its struct cpu with a single CSR swap (trap/entry.S). */
#define FRAME_CPU      FRAME_SIZE
#define FRAME_ABOVE    16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
	uint64_t x[32];     /* x[1] = ra, x[2] = sp, x[10] = a0, ... */
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t stval;
	uint64_t scause;
};

enum { REG_RA = 1, REG_SP = 2, REG_GP = 3, REG_TP = 4, REG_FP = 8, REG_A0 = 10, REG_A7 = 17 };

_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "trap frame layout");

struct cpu;
/* Tells the entry from user mode which hart the process owning f now runs on. */
static inline void frame_set_cpu(struct trap_frame *f, struct cpu *c)
{
	*(struct cpu **)((char *)f + FRAME_CPU) = c;
}
#endif

#endif
