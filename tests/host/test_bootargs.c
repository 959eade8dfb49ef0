/* Host tests for the command-line reader (lib/bootargs.c). */
#include <string.h>
#include "tests/host/check.h"
#include "lib/bootargs.h"

static void flags_stand_alone_before_dashes(void)
{
	CHECK(bootarg_has("nosmp", "nosmp"));
	CHECK(bootarg_has("init=/bin/sh nosmp quiet", "nosmp"));
	CHECK(!bootarg_has("nosmpx maxcpus=2", "nosmp"));
	CHECK(!bootarg_has("nosmp=1", "nosmp"));
	CHECK(!bootarg_has("init=/bin/sh -- nosmp", "nosmp"));
	CHECK(!bootarg_has("", "nosmp"));
}

static void values_and_init_args(void)
{
	char buf[64], *argv[4];

	CHECK(strcmp(bootarg_value("maxcpus=2 nosmp", "maxcpus"), "2") == 0);
	CHECK(bootarg_value("init=/bin/sh -- maxcpus=2", "maxcpus") == NULL);
	CHECK(bootarg_init_args("nosmp -- a b", buf, sizeof(buf), argv, 4) == 2);
	CHECK(strcmp(argv[0], "a") == 0 && strcmp(argv[1], "b") == 0 && argv[2] == NULL);
}

int main(void)
{
	TEST(flags_stand_alone_before_dashes);
	TEST(values_and_init_args);
	return TESTS_DONE();
}
