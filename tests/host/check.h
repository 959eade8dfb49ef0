/* A minimal host unit-test harness: CHECK() records a failure without stopping,
 * TEST() runs a case and prints "PASS: name" or "FAIL: name"; the runner counts them.
 * stdout is flushed after each verdict so that, with stderr merged into the same pipe,
 * a case's "check failed" lines come before its verdict (the runner quotes them). */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H
#include <stdio.h>

static int check_failures_in_case;
static int check_failed_cases;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			check_failures_in_case++;                                \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                                \
		}                                                                \
	} while (0)

#define TEST(fn)                                                                 \
	do {                                                                     \
		check_failures_in_case = 0;                                      \
		fn();                                                            \
		printf("%s: %s\n", check_failures_in_case ? "FAIL" : "PASS", #fn); \
		fflush(stdout);                                                  \
		if (check_failures_in_case)                                      \
			check_failed_cases++;                                    \
	} while (0)

#define TESTS_DONE() (check_failed_cases ? 1 : 0)

#endif
