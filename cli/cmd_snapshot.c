// SPDX-License-Identifier: MIT
/*
 * cmd_snapshot.c - `buddyscope snapshot -o DIR`: save the proc/sys files
 * status reads and the kernel log, for `status --root DIR` elsewhere.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"
#include "opts.h"

static const char snapshot_usage[] =
	"usage: buddyscope snapshot -o DIR [--root ROOT]\n"
	"\n"
	"Save /proc/{buddyinfo,zoneinfo,pagetypeinfo,vmstat,meminfo,version},\n"
	"/proc/sys/kernel/osrelease, /proc/sys/vm/*, /sys/kernel/mm/transparent_hugepage,\n"
	"/sys/kernel/mm/ksm, debugfs' extfrag indices when mounted, and the kernel log\n"
	"(/dev/kmsg) as DIR/dmesg, in a tree that mirrors the root.\n"
	"\n"
	"options:\n"
	"  -o, --output DIR  where to write (created)\n"
	"  --root ROOT       copy from ROOT instead of / (another snapshot)\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 all saved, 4 some files could not be read (said on stderr)\n"
	"or none at all,\n"
	"2 usage, 1 DIR could not be written\n";

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bs_snapshot_result r;
	const char *dir = NULL, *root = "/";
	int c;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "o:h", opts)) != -1) {
		switch (c) {
		case 'o': dir = optarg; break;
		case 'r': root = optarg; break;
		case 'h': fputs(snapshot_usage, stdout); return BS_EXIT_OK;
		default: return bs_opt_bad("snapshot", c, argv);
		}
	}
	if (optind < argc)
		return bs_usage_error("snapshot", "unexpected argument \"%s\"", argv[optind]);
	if (!dir)
		return bs_usage_error("snapshot", "-o DIR is required");
	if (bs_snapshot_save(root, dir, &r) < 0) {
		bs_err("snapshot: cannot create %s: %s", dir, strerror(errno));
		return BS_EXIT_FAILURE;
	}
	for (int i = 0; i < r.nr_notes; i++)
		bs_err("%s", r.notes[i]);
	if (!r.saved) {
		bs_err("snapshot: nothing to read under %s", root);
		return BS_EXIT_PARTIAL;
	}
	printf("saved %d files to %s%s\n", r.saved, dir, r.failed ? " (some could not be read)" : "");
	return r.failed ? BS_EXIT_PARTIAL : BS_EXIT_OK;
}
