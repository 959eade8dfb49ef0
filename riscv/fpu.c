/* User floating-point state across context switches (see riscv/fpu.h). */
#include <string.h>
#include "kernel/cpu.h"
#include "riscv/fpu.h"
#include "kernel/proc.h"
#include "trap/extable.h"

void fpu_save(struct fp_state *s);
void fpu_load(const struct fp_state *s);
void fpu_zero(void);

/* cpu->fp_owner: whose values the FP registers hold. NULL: all zero; FP_NOBODY: values
 * nobody may see (a process that exited, or the firmware's). With several harts that is
 * not enough: a process whose values hart A kept may run on hart B, change them there
 * (saved at its switch-out, as every Dirty state is) and come back to A, whose registers
 * are then stale although A's fp_owner still names it. So each process also records the
 * hart holding its values (proc->fp_cpu, the index + 1; 0 for none), and A's registers
 * count as its values only if both agree. */
#define FP_NOBODY ((struct proc *)1)

static int have_fpu;

/* FP instructions execute in S-mode only while sstatus.FS is not Off. */
static void fpu_enable(void)
{
	__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_FS_INITIAL));
}

void fpu_init(void)
{
	uint64_t ok = 0, fcsr;

	fpu_enable();
	__asm__ volatile(".option push\n .option arch, +f\n"
			 "1: frcsr %1\n"
			 "   li %0, 1\n"
			 "2:\n .option pop\n" EXTABLE_ENTRY(1b, 2b)
			 : "+r"(ok), "=r"(fcsr));
	(void)fcsr;
	have_fpu = (int)ok;
	this_cpu()->fp_owner = FP_NOBODY;
}

void fpu_start_hart(void)
{
	if (have_fpu)
		fpu_enable();
	this_cpu()->fp_owner = FP_NOBODY;
}

/* Records that this hart's registers hold p's values. */
static void own(struct cpu *c, struct proc *p)
{
	c->fp_owner = p;
	p->fp_cpu = c->index + 1;
}

static int holds_values_of(const struct cpu *c, const struct proc *p)
{
	return c->fp_owner == p && p->fp_cpu == c->index + 1;
}

static uint64_t fs_of(const struct proc *p)
{
	return p->tf->sstatus & SSTATUS_FS_MASK;
}

static void set_fs(struct proc *p, uint64_t fs)
{
	p->tf->sstatus = (p->tf->sstatus & ~SSTATUS_FS_MASK) | fs;
}

void fpu_forget(struct proc *p)
{
	struct cpu *c = this_cpu();

	if (c->fp_owner == p)
		c->fp_owner = FP_NOBODY;
}

uint64_t fpu_exec(struct proc *p)
{
	struct cpu *c = this_cpu();

	if (!have_fpu)
		return 0;
	fpu_forget(p);
	if (c->fp_owner != NULL) {
		fpu_enable();
		fpu_zero();
		c->fp_owner = NULL;
	}
	return SSTATUS_FS_INITIAL;
}

void fpu_switch_in(struct proc *p)
{
	struct cpu *c = this_cpu();
	uint64_t fs = fs_of(p);

	if (fs == SSTATUS_FS_INITIAL && c->fp_owner != NULL) {
		fpu_enable();
		fpu_zero();
		c->fp_owner = NULL;
	} else if (fs == SSTATUS_FS_CLEAN && !holds_values_of(c, p)) {
		fpu_enable();
		fpu_load(&p->fp);
		own(c, p);
	}
}

void fpu_switch_out(struct proc *p)
{
	if (fs_of(p) == SSTATUS_FS_DIRTY) {
		fpu_enable();
		fpu_save(&p->fp);
		set_fs(p, SSTATUS_FS_CLEAN);
		own(this_cpu(), p);
	}
}

void fpu_copy(struct proc *child, struct proc *parent)
{
	fpu_switch_out(parent);   /* saves the parent's live values if it changed them */
	child->fp = parent->fp;
}

void fpu_get_user(struct proc *p, struct fp_state *s)
{
	if (fs_of(p) == SSTATUS_FS_INITIAL || !have_fpu) {
		memset(s, 0, sizeof(*s));
		return;
	}
	fpu_enable();
	fpu_save(s);   /* the registers hold p's values while it runs (riscv/fpu.h) */
}

void fpu_set_user(struct proc *p, const struct fp_state *s)
{
	if (!have_fpu)
		return;
	fpu_enable();
	fpu_load(s);
	set_fs(p, SSTATUS_FS_DIRTY);
	own(this_cpu(), p);
}
