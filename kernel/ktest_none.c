/* The normal image carries no self-tests: ktest= only names what to boot instead. */
#include "kernel/ktest.h"
#include "kernel/printk.h"

int ktest_run(const char *name, const struct dt_info *dt)
{
	(void)dt;
	printk("ktest %s: this image has no self-tests; boot build/Image-ktest\n", name);
	return 1;
}
