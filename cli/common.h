/* SPDX-License-Identifier: MIT */
/*
 * common.h - what every subcommand shares: exit codes, messages, strict
 * number parsing.  Only cli/ prints or exits.
 */
#ifndef BS_CLI_COMMON_H
#define BS_CLI_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "internal.h"

/* Exit codes, documented in docs/buddyscope.1 (EXIT STATUS). */
enum bs_exit {
	BS_EXIT_OK = 0,		/* ran, nothing to report (or report printed, no findings) */
	BS_EXIT_FAILURE = 1,	/* could not run: I/O error, out of memory */
	BS_EXIT_USAGE = 2,	/* bad command line */
	BS_EXIT_FINDINGS = 3,	/* ran, and found memory-failure reports / warnings */
	BS_EXIT_PARTIAL = 4,	/* ran, but some input could not be read or parsed */
};

/* "buddyscope: <fmt>\n" on stderr. */
void bs_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse a whole decimal or 0x-hex number in [min, max]; 0 or -1 (with a
 * message naming @what) when @arg is not entirely such a number.
 */
int bs_parse_u64(const char *what, const char *arg, uint64_t min, uint64_t max, uint64_t *out);

/* Flush stdout; BS_EXIT_FAILURE with a message if writing failed, else @code. */
int bs_finish_output(int code);

/*
 * --html FILE: open @path for writing ("-": stdout), call @render(@ctx, f),
 * close.  0, or -1 with a message naming @path when opening, rendering
 * or writing failed.
 */
int bs_write_page(const char *path, int (*render)(const void *ctx, FILE *f), const void *ctx);

/*
 * Text for stdout: *@width the terminal's columns when stdout is a
 * terminal wider than 80, else 0 (the library's 80); *@color true when
 * stdout is a terminal and NO_COLOR is unset or empty (no-color.org).
 */
void bs_terminal_text(int *width, bool *color);

/* Subcommand entry points: argv[0] is the subcommand name. */
int cmd_explain(int argc, char **argv);
int cmd_exporter(int argc, char **argv);
int cmd_gfp(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_trace(int argc, char **argv);

#endif
