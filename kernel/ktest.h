/* Kernel self-tests, selected with ktest=NAME on the command line. They are linked only
 * into the test image (build/Image-ktest, from tests/ktest/); the normal image has none. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H
#include "devicetree/dt.h"

/* Runs the named test; returns 0 if it passed. */
int ktest_run(const char *name, const struct dt_info *dt);

#endif
