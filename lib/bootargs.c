/* Command-line parsing (see lib/bootargs.h). */
#include <string.h>
#include "lib/bootargs.h"

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

static size_t word_length(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

const char *bootarg_value(const char *args, const char *key)
{
	static char value[64];
	size_t keylen = strlen(key);

	for (const char *w = skip_spaces(args); *w; w = skip_spaces(w + word_length(w))) {
		size_t len = word_length(w);
		if (len == 2 && w[0] == '-' && w[1] == '-')
			return NULL;
		if (len > keylen && !strncmp(w, key, keylen) && w[keylen] == '=') {
			size_t vlen = len - keylen - 1;
			if (vlen >= sizeof(value))
				vlen = sizeof(value) - 1;
			memcpy(value, w + keylen + 1, vlen);
			value[vlen] = '\0';
			return value;
		}
	}
	return NULL;
}

int bootarg_has(const char *args, const char *flag)
{
	size_t flaglen = strlen(flag);

	for (const char *w = skip_spaces(args); *w; w = skip_spaces(w + word_length(w))) {
		size_t len = word_length(w);
		if (len == 2 && w[0] == '-' && w[1] == '-')
			return 0;
		if (len == flaglen && !strncmp(w, flag, len))
			return 1;
	}
	return 0;
}

int bootarg_init_args(const char *args, char *buf, size_t bufsize, char **argv, int max)
{
	int argc = 0, after_dashes = 0;
	size_t used = 0;

	for (const char *w = skip_spaces(args); *w; w = skip_spaces(w + word_length(w))) {
		size_t len = word_length(w);
		if (!after_dashes) {
			after_dashes = len == 2 && w[0] == '-' && w[1] == '-';
			continue;
		}
		if (argc + 1 >= max || used + len + 1 > bufsize)
			break;
		memcpy(buf + used, w, len);
		buf[used + len] = '\0';
		argv[argc++] = buf + used;
		used += len + 1;
	}
	argv[argc] = NULL;
	return argc;
}
