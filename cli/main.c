// SPDX-License-Identifier: MIT
/*
 * main.c - global options and the subcommand table.
 */
#include <stdio.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd cmds[] = {
	{ "explain", cmd_explain, "diagnose memory-failure reports in kernel logs" },
	{ "exporter", cmd_exporter, "Prometheus metrics: allocation headroom now, failure reports as logged" },
	{ "gfp", cmd_gfp, "decode or encode a GFP mask for a kernel version" },
	{ "status", cmd_status, "fragmentation and allocation headroom of a running kernel or a snapshot" },
	{ "snapshot", cmd_snapshot, "save the /proc and /sys files status reads, and the kernel log" },
	{ "trace", cmd_trace, "catch failing allocations and reclaim/compaction stalls as they happen" },
	{ NULL, NULL, NULL },
};

static int usage(FILE *f, int code)
{
	fprintf(f, "usage: buddyscope COMMAND [ARGS]\n\ncommands:\n");
	for (const struct cmd *c = cmds; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fprintf(f, "\n'buddyscope COMMAND --help' for a command's options; man buddyscope for all.\n");
	return code;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, BS_EXIT_USAGE);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return bs_finish_output(usage(stdout, BS_EXIT_OK));
	if (!strcmp(argv[1], "--version")) {
		printf("buddyscope %s\n", BUDDYSCOPE_VERSION);
		return bs_finish_output(BS_EXIT_OK);
	}
	for (const struct cmd *c = cmds; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return bs_finish_output(c->fn(argc - 1, argv + 1));
	bs_err("unknown command \"%s\"", argv[1]);
	return usage(stderr, BS_EXIT_USAGE);
}
