/* Stopping the kernel with a report: panic() for software-detected errors, and
 * kernel_fault() for traps the kernel cannot handle. Both power off with failure. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H
#include <stdint.h>
#include "trap/frame.h"

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
__attribute__((noreturn)) void kernel_fault(struct trap_frame *f, const char *what);

/* Prints the frame-pointer chain starting at fp (return addresses as symbol+offset). */
void backtrace_from(uint64_t fp);
void print_registers(const struct trap_frame *f);
const char *trap_cause_name(uint64_t scause);

#define BUG_ON(cond) do { if (cond) panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#endif
