// SPDX-License-Identifier: MIT
/*
 * cmd_snapshot.c - `buddyscope snapshot -o DIR|FILE.tar.gz`: save the
 * proc/sys files status reads and the kernel log, for `status --root` and
 * `explain` elsewhere; as a directory, or as one archive for a ticket.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"
#include "opts.h"

static const char snapshot_usage[] =
	"usage: buddyscope snapshot -o DIR|FILE.tar.gz [--root ROOT]\n"
	"\n"
	"Save /proc/{buddyinfo,zoneinfo,pagetypeinfo,vmstat,meminfo,version},\n"
	"/proc/sys/kernel/osrelease, /proc/sys/vm/*, /sys/kernel/mm/transparent_hugepage,\n"
	"/sys/kernel/mm/ksm, debugfs' extfrag indices when mounted, the node\n"
	"distances, the hostname, /proc/uptime, /proc/cmdline, /proc/slabinfo (root\n"
	"only), the time of the snapshot (DIR/time) and the kernel log (/dev/kmsg)\n"
	"as DIR/dmesg, in a tree that mirrors the root.  A name ending in .tar.gz,\n"
	".tgz, .tar.xz, .tar.zst, .tar.bz2 or .tar writes that tree as one archive,\n"
	"which status --root and explain read as it is.\n"
	"\n"
	"options:\n"
	"  -o, --output DIR|FILE  where to write (created)\n"
	"  --root ROOT            copy from ROOT instead of / (another snapshot)\n"
	"  -h, --help             this help\n"
	"\n"
	"exit status: 0 all saved, 4 some files could not be read (said on stderr)\n"
	"or nothing at all was there to read, 2 usage, 1 DIR or FILE could not be\n"
	"written\n";

/* The archive's top directory: its file name without the suffix. */
static void archive_top(const char *file, char *top, size_t len)
{
	char *copy = strdup(file);
	const char *base = copy ? basename(copy) : "snapshot";
	char *dot;

	snprintf(top, len, "%s", base);
	dot = strstr(top, ".t");	/* .tar..., .tgz */
	if (dot && dot != top)
		*dot = '\0';
	free(copy);
}

/* Save into a private directory, archive it as @file, remove the directory. */
static int save_archive(const char *root, const char *file, struct bs_snapshot_result *r)
{
	const char *base = getenv("TMPDIR");
	char tmp[4096], top[256], err[512];
	int rc;

	snprintf(tmp, sizeof(tmp), "%s/buddyscope-snapshot-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp)) {
		bs_err("snapshot: make a directory to collect in: %s", strerror(errno));
		return BS_EXIT_FAILURE;
	}
	rc = bs_snapshot_save(root, tmp, r);
	if (rc == 0 && r->saved) {
		archive_top(file, top, sizeof(top));
		if (bs_snapshot_archive_write(tmp, top, file, err, sizeof(err)) < 0) {
			bs_err("snapshot: %s", err);
			rc = -1;
		}
	}
	bs_snapshot_archive_remove(strdup(tmp));
	return rc < 0 ? BS_EXIT_FAILURE : BS_EXIT_OK;
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bs_snapshot_result r;
	const char *out = NULL, *root = "/";
	int c;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "o:h", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'r': root = optarg; break;
		case 'h': fputs(snapshot_usage, stdout); return BS_EXIT_OK;
		default: return bs_opt_bad("snapshot", c, argv);
		}
	}
	if (optind < argc)
		return bs_usage_error("snapshot", "unexpected argument \"%s\"", argv[optind]);
	if (!out)
		return bs_usage_error("snapshot", "-o DIR or -o FILE.tar.gz is required");
	if (bs_snapshot_archive_name(out)) {
		if (save_archive(root, out, &r) != BS_EXIT_OK)
			return BS_EXIT_FAILURE;
	} else if (bs_snapshot_save(root, out, &r) < 0) {
		bs_err("snapshot: cannot create %s: %s", out, strerror(errno));
		return BS_EXIT_FAILURE;
	}
	for (int i = 0; i < r.diags.nr; i++)
		bs_err("%s", r.diags.items[i].message);
	if (!r.saved) {
		bs_err("snapshot: nothing to read under %s", root);
		return BS_EXIT_PARTIAL;
	}
	printf("saved %d files to %s%s\n", r.saved, out, r.failed ? " (some could not be read)" : "");
	return r.failed ? BS_EXIT_PARTIAL : BS_EXIT_OK;
}
