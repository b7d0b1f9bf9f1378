// SPDX-License-Identifier: MIT
/*
 * opts.c - usage errors, shared options and their validation (opts.h).
 */
#include <getopt.h>

#include "opts.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

int bs_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("buddyscope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'buddyscope %s --help'.\n", cmd);
	return BS_EXIT_USAGE;
}

int bs_opt_bad(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (c == ':') {
		if (optopt && arg[0] == '-' && arg[1] != '-')
			return bs_usage_error(cmd, "option -%c needs an argument", optopt);
		return bs_usage_error(cmd, "option %s needs an argument", arg);
	}
	if (optopt)
		return bs_usage_error(cmd, "unknown option -%c", optopt);
	return bs_usage_error(cmd, "unknown or ambiguous option %s", arg);
}

int bs_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	char opts[64];

	opterr = 0;
	snprintf(opts, sizeof(opts), ":%s", shortopts);
	return getopt_long(argc, argv, opts, longopts, NULL);
}

/* bs_parse_u64()'s message, then the Try line. */
static int parse_or_usage(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
			  uint64_t *out)
{
	if (bs_parse_u64(opt, arg, min, max, out) < 0) {
		fprintf(stderr, "Try 'buddyscope %s --help'.\n", cmd);
		return BS_EXIT_USAGE;
	}
	return 0;
}

int bs_opt_order(const char *cmd, const char *opt, const char *arg, unsigned *out)
{
	uint64_t v;
	int rc = parse_or_usage(cmd, opt, arg, 0, BS_OPT_ORDER_MAX, &v);

	if (rc == 0)
		*out = (unsigned)v;
	return rc;
}

int bs_opt_kernel(const char *cmd, const char *arg)
{
	struct bs_kver kv;

	if (bs_kver_parse(arg, strlen(arg), &kv) < 0)
		return bs_usage_error(cmd, "invalid kernel version \"%s\": expected e.g. "
				      "3.10.0-514.el7.x86_64 or 6.1.55", arg);
	return 0;
}

int bs_opt_seconds(const char *cmd, const char *opt, const char *arg, uint64_t max, double *out)
{
	uint64_t v;
	int rc = parse_or_usage(cmd, opt, arg, 1, max, &v);

	if (rc == 0)
		*out = (double)v;
	return rc;
}

int bs_opt_u64(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
	       uint64_t *out)
{
	return parse_or_usage(cmd, opt, arg, min, max, out);
}
