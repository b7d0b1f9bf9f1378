/* SPDX-License-Identifier: MIT */
/*
 * opts.h - the command line every subcommand shares: how a usage error is
 * said, the options that mean the same everywhere, and their validation.
 *
 * One rule per option, so that `--kernel foo`, `--order 99` or
 * `--interval 0` get the same answer from every command that takes them:
 * one line naming the option and the value, then
 * "Try 'buddyscope CMD --help'.", and exit status 2.  Values are "not a
 * number" only when they are not one; a number out of range says the range.
 *
 * Short options, where a command has the long one, are the same letter
 * everywhere: -h --help, -j --json, -k --kernel, -v --verbose, and -o is
 * always where output goes (snapshot -o FILE|DIR).
 */
#ifndef BS_CLI_OPTS_H
#define BS_CLI_OPTS_H

#include <stdint.h>

#include <buddyscope.h>

/* The one range of --order (gfp, status) and --min-order (trace). */
#define BS_OPT_ORDER_MAX (BS_MAX_ORDERS - 1)

/*
 * A usage error of @cmd: "buddyscope: <fmt>" and the Try line on stderr.
 * Returns BS_EXIT_USAGE, for `return bs_usage_error(...)`.
 */
int bs_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * getopt_long() returned @c, '?' or ':' (the optstring must start with
 * ':' and opterr be 0, as bs_getopt() sets up): say which option was
 * unknown or lacked its argument.  Returns BS_EXIT_USAGE.
 */
int bs_opt_bad(const char *cmd, int c, char **argv);

/*
 * getopt_long() for @cmd with the shared conventions: opterr off (the
 * messages are bs_opt_bad()'s), a leading ':' in @shortopts added here.
 * Call with optind = 1 before the first call, as getopt_long() wants.
 */
int bs_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* --order / --min-order N: 0..BS_OPT_ORDER_MAX.  0, or a usage error (2). */
int bs_opt_order(const char *cmd, const char *opt, const char *arg, unsigned *out);

/* --kernel VER: a release bs_kver_parse() reads.  0, or a usage error. */
int bs_opt_kernel(const char *cmd, const char *arg);

/* A whole number of seconds in [1, @max] (--interval, --duration). */
int bs_opt_seconds(const char *cmd, const char *opt, const char *arg, uint64_t max, double *out);

/* Any other whole number in [@min, @max] (--node, --pid, --year). */
int bs_opt_u64(const char *cmd, const char *opt, const char *arg, uint64_t min, uint64_t max,
	       uint64_t *out);

#endif
