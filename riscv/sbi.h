/* Calls into the SBI firmware (RISC-V Supervisor Binary Interface spec v1.0). */
#ifndef KERNEL_SBI_H
#define KERNEL_SBI_H
#include <stdint.h>

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_IPI 0x735049

#define SBI_ERR_NOT_SUPPORTED (-2)

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
/* The same with five arguments (sbi_call is built on it). */
struct sbiret sbi_call5(long ext, long fid, long a0, long a1, long a2, long a3, long a4);

static inline void sbi_console_putchar(char c) { sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, c, 0, 0); }
static inline int sbi_console_getchar(void) { return (int)sbi_call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0).error; }
/* Base extension probe (SBI spec 4.8): non-zero if the extension is implemented. */
static inline long sbi_probe_extension(long ext) { return sbi_call(SBI_EXT_BASE, 3, ext, 0, 0).value; }
/* The TIME extension, or the legacy call on firmware that predates it (SBI spec 6, 5.1). */
static inline void sbi_set_timer(uint64_t when, int legacy)
{
	sbi_call(legacy ? SBI_EXT_LEGACY_SET_TIMER : SBI_EXT_TIME, 0, (long)when, 0, 0);
}

/* SRST (SBI spec chapter 10): returns only on failure. */
#define SBI_RESET_SHUTDOWN 0
#define SBI_RESET_REASON_NONE 0
#define SBI_RESET_REASON_FAILURE 1
static inline struct sbiret sbi_system_reset(long type, long reason)
{
	return sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}

/* HSM (SBI spec chapter 9): hart_start enters start_addr (physical) in S-mode with the
 * MMU off, a0 = hartid, a1 = opaque; hart_get_status says whether a hart is stopped. */
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1
static inline struct sbiret sbi_hart_start(uint64_t hartid, uint64_t start_addr, uint64_t opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)start_addr, (long)opaque);
}
static inline struct sbiret sbi_hart_get_status(uint64_t hartid)
{
	return sbi_call(SBI_EXT_HSM, 2, (long)hartid, 0, 0);
}

/* IPI (SBI spec chapter 7): a supervisor software interrupt (sip.SSIP) on the harts
 * hart_mask_base + i for each bit i of hart_mask. */
static inline struct sbiret sbi_send_ipi(uint64_t hart_mask, uint64_t hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, (long)hart_mask, (long)hart_mask_base, 0);
}

#endif
