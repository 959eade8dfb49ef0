/* See lib/errmsg.h. */
#include "lib/errmsg.h"

static size_t append(char *dst, size_t used, size_t size, const char *s)
{
	while (*s && used + 1 < size)
		dst[used++] = *s++;
	return used;
}

void copy_truncated(char *dst, size_t size, const char *src)
{
	dst[append(dst, 0, size, src)] = '\0';
}

int error_message(char *err, size_t errlen, int code, const char *what, const char *detail)
{
	if (!err || !errlen)
		return code;
	size_t used = append(err, 0, errlen, what);
	if (detail) {
		used = append(err, used, errlen, ": ");
		used = append(err, used, errlen, detail);
	}
	err[used] = '\0';
	return code;
}
