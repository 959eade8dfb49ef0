/* RISC-V supervisor CSRs and their bits (RISC-V privileged spec, chapter "Supervisor-Level
 * ISA"; stimecmp from the Sstc extension). Every CSR field the kernel uses is named here. */
#ifndef RISCV_CSR_H
#define RISCV_CSR_H

/* sstatus */
#define SSTATUS_SIE        (1UL << 1)   /* interrupts enabled in S-mode */
#define SSTATUS_SPIE       (1UL << 5)   /* SIE before the trap */
#define SSTATUS_SPP        (1UL << 8)   /* the trap came from S-mode */
#define SSTATUS_FS_MASK    (3UL << 13)  /* floating-point unit state */
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN   (2UL << 13)
#define SSTATUS_FS_DIRTY   (3UL << 13)
#define SSTATUS_SUM        (1UL << 18)  /* S-mode may access U pages */

/* sie / sip: interrupt enable and pending bits, by interrupt cause */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_SSIE    (1UL << IRQ_S_SOFT)
#define SIE_STIE    (1UL << IRQ_S_TIMER)
#define SIE_SEIE    (1UL << IRQ_S_EXT)

/* scause: the top bit marks interrupts; the rest is the cause code */
#define SCAUSE_INTERRUPT (1UL << 63)
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS      1
#define EXC_ILLEGAL          2
#define EXC_BREAKPOINT       3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS      5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U          8
#define EXC_ECALL_S          9
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/* satp: MODE in bits 63:60, ASID in 59:44 (WARL: the hart keeps only the bits it has),
 * PPN of the root table in 43:0 */
#define SATP_MODE_SV39  (8UL << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xffffUL

/* scounteren: the counters U-mode may read (privileged spec, "Counter-Enable Register
 * (scounteren)"); a clear bit makes rdcycle / rdtime / rdinstret (and hpmcounterN, bits
 * 3-31) trap as illegal instructions. Plain numbers: boot/entry.S uses them. */
#define SCOUNTEREN_CY (1 << 0)   /* cycle */
#define SCOUNTEREN_TM (1 << 1)   /* time */
#define SCOUNTEREN_IR (1 << 2)   /* instret */

/* Sstc's stimecmp, by number: assemblers older than the extension do not know its name. */
#define CSR_STIMECMP 0x14d

#define CSR_STR_(x) #x
#define CSR_STR(x) CSR_STR_(x)

#endif
