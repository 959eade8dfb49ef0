/* Powering off with an exit status QEMU can see. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H
#include <stdint.h>
#include "devicetree/dt.h"

/* Uses the device tree's syscon-poweroff device (mapped at va) for power_off(). */
void power_use_syscon(const struct dt_poweroff *p, uintptr_t va);

/* Powers off: status 0 is success, anything else failure. Order: the syscon-poweroff
 * device the device tree names (on QEMU virt the sifive,test finisher, the only way to
 * report a failure there with OpenSBI 1.1, whose SRST always exits 0), then SBI SRST,
 * then parking this hart. */
__attribute__((noreturn)) void power_off(int status);

#endif
