// SPDX-License-Identifier: MIT
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void bs_err(const char *fmt, ...)
{
	va_list ap;

	fputs("buddyscope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int bs_parse_u64(const char *what, const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	/* "-1" is a number, only out of range; "-x" is not a number */
	if (arg && arg[0] == '-' && arg[1] && strspn(arg + 1, "0123456789") == strlen(arg + 1)) {
		bs_err("invalid %s \"%s\": must be between %llu and %llu", what, arg,
		       (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	if (!arg || !*arg || *arg == '-' || *arg == '+' || *arg == ' ') {
		bs_err("invalid %s \"%s\": not a number", what, arg ? arg : "");
		return -1;
	}
	errno = 0;
	/* decimal, or 0x-hex; never octal: "010" is ten */
	v = strtoull(arg, &end, arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X') ? 16 : 10);
	if (errno == ERANGE && !*end) {
		v = ULLONG_MAX;		/* a number, only too large: the range message below */
	} else if (errno || *end) {
		bs_err("invalid %s \"%s\": not a number", what, arg);
		return -1;
	}
	if (v < min || v > max) {
		bs_err("invalid %s \"%s\": must be between %llu and %llu", what, arg,
		       (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int bs_finish_output(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		bs_err("writing output failed: %s", strerror(errno));
		return BS_EXIT_FAILURE;
	}
	return code;
}
