// SPDX-License-Identifier: MIT
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

int bs_write_page(const char *path, int (*render)(const void *ctx, FILE *f), const void *ctx)
{
	bool is_stdout = !strcmp(path, "-");
	FILE *f = is_stdout ? stdout : fopen(path, "w");
	int rc;

	if (!f) {
		bs_err("open %s: %s", path, strerror(errno));
		return -1;
	}
	rc = render(ctx, f);
	if (is_stdout)
		rc |= fflush(f);
	else if (fclose(f) != 0)
		rc = -1;
	if (rc) {
		bs_err("write %s: %s", path, errno ? strerror(errno) : "failed");
		return -1;
	}
	return 0;
}

void bs_terminal_text(int *width, bool *color)
{
	const char *nc = getenv("NO_COLOR");
	struct winsize ws;

	*width = 0;
	*color = false;
	if (!isatty(STDOUT_FILENO))
		return;
	*color = !nc || !nc[0];
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 80)
		*width = ws.ws_col;
}
