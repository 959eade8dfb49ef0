/* What the kernel learns from the flattened device tree (devicetree spec v0.4), read
 * with libfdt. Pure logic: host unit tests run it against blobs built from dts/. */
#ifndef DEVICETREE_DT_H
#define DEVICETREE_DT_H
#include <stddef.h>
#include <stdint.h>
#include "mm/pmm.h"

#define DT_MAX_RAM      PMM_MAX_REGIONS
#define DT_MAX_RESERVED 32
#define DT_MAX_HARTS    64   /* MAX_CPUS (kernel/cpu.h): the harts the kernel can run on */
/* The largest blob read: Linux/riscv maps at most 2 MiB of device tree (MAX_FDT_SIZE,
 * asm/fixmap.h). */
#define DT_MAX_SIZE     (2u << 20)
/* dt_free_ram never returns more ranges: each reservation splits one range in two. */
#define DT_MAX_FREE_RAM (DT_MAX_RAM + DT_MAX_RESERVED)
#define DT_PAGE_SIZE    4096u

struct dt_reserved {
	uint64_t base;
	uint64_t size;
	char why[32];     /* "/memreserve/", node name ("mmode_resv0@80000000"), "dtb", "initrd" */
	int no_map;       /* 1 if the node had no-map */
};

enum dt_uart_kind { UART_NONE, UART_NS16550, UART_SIFIVE };

struct dt_uart {
	enum dt_uart_kind kind;
	uint64_t base;    /* physical MMIO address */
	uint64_t size;
	uint32_t reg_shift;    /* "reg-shift", default 0 */
	uint32_t reg_io_width; /* "reg-io-width", default 1 */
};

/* Where a write powers the machine off: the syscon device a "syscon-poweroff" node's
 * regmap names, and what to write there (Linux bindings/power/reset/syscon-poweroff.yaml:
 * value, under mask, at offset). */
struct dt_poweroff {
	uint64_t base;    /* physical address of the syscon device (0 if none) */
	uint64_t size;
	uint32_t offset;  /* "offset": of the 32-bit register in the syscon */
	uint32_t value;   /* "value": what powers off (0x5555 on QEMU virt) */
	uint32_t mask;    /* "mask": the bits of the register written; all of them if absent */
	int sifive_test;  /* the syscon is a "sifive,test0"/"sifive,test1" finisher (QEMU's),
			   * which can also report a failure with an exit status */
};

struct dt_hart {
	uint32_t hartid;
	int has_sstc;     /* from riscv,isa / riscv,isa-extensions */
	const char *isa;  /* the riscv,isa string in the blob, NULL when absent (/proc/cpuinfo) */
};

/* Interrupt routing and the RTC as the walk found them (devicetree/dt_irq.c); which PLIC
 * context serves a hart is worked out from these by dt_irqs_for_hart (dt_irq.h). */
#define DT_MAX_PLICS 4   /* candidates kept for each compatible string */

struct dt_intc {          /* a cpu node's interrupt controller */
	uint32_t phandle;
	uint32_t hartid;  /* the cpu node's reg */
};

struct dt_plic_node {     /* a usable PLIC: okay, with registers, sources and contexts */
	uint64_t base, size;
	const void *contexts;  /* interrupts-extended in the blob: (phandle, cause) pairs */
	int ncontexts;
	uint32_t ndev;         /* riscv,ndev */
	uint32_t phandle;
};

struct dt_interrupts {
	struct dt_intc intc[DT_MAX_HARTS];
	int nintc;
	/* [0]: "sifive,plic-1.0.0", [1]: "riscv,plic0", each in document order */
	struct dt_plic_node plic[2][DT_MAX_PLICS];
	int nplic[2];
	int uart_has_irq;      /* the console node has interrupts and an interrupt-parent */
	uint32_t uart_irq, uart_irq_parent;
	int has_rtc;           /* the first google,goldfish-rtc, okay, with registers */
	uint64_t rtc_base, rtc_size;
};

struct dt_info {
	struct phys_range ram[DT_MAX_RAM];
	int nram;
	struct dt_reserved reserved[DT_MAX_RESERVED];
	int nreserved;              /* includes the dtb itself and the initrd */
	uint64_t initrd_start, initrd_end;   /* 0, 0 when there is none */
	const char *bootargs;       /* points into the blob; "" when absent */
	const void *rng_seed;       /* /chosen/rng-seed in the blob, NULL when absent */
	int rng_seed_len;
	struct dt_hart harts[DT_MAX_HARTS];  /* usable harts: okay, mmu-type, S-mode */
	int nharts;
	int harts_unlisted;         /* usable harts beyond the table */
	uint64_t timebase_hz;
	struct dt_uart uart;        /* from /chosen/stdout-path (falls back to an "serial0" alias) */
	struct dt_poweroff poweroff;
	struct dt_interrupts irq;
};

/* Reads the blob at fdt (whose physical address is fdt_pa, reserved as "dtb").
 * On error returns a negative value and writes a one-line reason into err
 * ("bad device tree header: FDT_ERR_BADMAGIC", "no /memory node", ...). */
int dt_parse(const void *fdt, uint64_t fdt_pa, struct dt_info *out, char *err, size_t errlen);

/* The RAM no reservation covers - what the page allocator may hand out - as page-aligned
 * ranges: each RAM region rounded inward to whole pages, minus every reserved region
 * (the dtb and initrd included) rounded outward, as the allocator rounds them. Ranges
 * come in the order of dt->ram, ascending within each region. Writes at most max ranges
 * (DT_MAX_FREE_RAM always suffices) and returns how many it wrote. */
int dt_free_ram(const struct dt_info *dt, struct phys_range *out, int max);

/* Cuts the RAM at end, the first physical address the kernel cannot map: a region that
 * begins at or above it goes, one that crosses it shrinks. Writes the parts cut off into
 * cut (at most max; DT_MAX_RAM always suffices) and returns how many there were. */
int dt_limit_ram(struct dt_info *dt, uint64_t end, struct phys_range *cut, int max);

/* Whether [base, base + size) lies inside one RAM region and no no-map reservation
 * touches it: memory the direct map holds. */
int dt_in_mapped_ram(const struct dt_info *dt, uint64_t base, uint64_t size);

/* Whether any byte of [base, base + size) is RAM. */
int dt_overlaps_ram(const struct dt_info *dt, uint64_t base, uint64_t size);

#endif
