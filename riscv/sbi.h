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

#define SBI_ERR_NOT_SUPPORTED (-2)

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
/* The same with five arguments (RFENCE). */
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

#endif
