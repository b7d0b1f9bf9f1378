// SPDX-License-Identifier: MIT
/*
 * cmd_status.c - `buddyscope status`: fragmentation and allocation
 * headroom of the running kernel, or of a snapshot (--root DIR).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <buddyscope.h>

#include "common.h"
#include "opts.h"
#include "render/status_words.h"
#include "analysis/status_whatif.h"
#include "whatif_opt.h"

static const char status_usage[] =
	"usage: buddyscope status [OPTIONS]\n"
	"\n"
	"Per node and zone: free pages and the min/low/high marks, free blocks per\n"
	"order and migratetype, the kernel's fragmentation and unusable-free indices,\n"
	"and whether an order-N GFP_KERNEL, GFP_NOFS, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE\n"
	"or GFP_TRANSHUGE allocation would succeed now (low mark) or after waking\n"
	"kswapd (min mark), under the running kernel's own rules; reclaim and\n"
	"compaction activity; warnings with the setting that changes them.\n"
	"\n"
	"options:\n"
	"  --root DIR|FILE   analyse a snapshot instead: the DIR or the FILE.tar.gz\n"
	"                    that buddyscope snapshot -o wrote\n"
	"  --interval S      read /proc/vmstat twice, S seconds apart: rates\n"
	"  --gfp MASK        also answer for this request (hex as the kernel prints\n"
	"                    it, or GFP_NOFS|__GFP_COMP)\n"
	"  --order N         its order (default 0; needs --gfp)\n"
	"  --node N          the node whose zonelist the classes use (default 0)\n"
	"  -k, --kernel VER  take the kernel's rules for VER, not the release read\n"
	WHATIF_USAGE
	"  -j, --json        machine-readable output\n"
	"  --html FILE       also write a self-contained HTML page with charts to FILE\n"
	"                    ('-': the page on stdout instead of the text)\n"
	"  -v, --verbose     every table whole, not fitted to 80 columns or the\n"
	"                    terminal's width\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 no warnings, 3 warnings, 4 some input missing (or none\n"
	"readable at all), 2 usage, 1 error\n";

struct status_args {
	struct bs_status_opts o;
	bool json;
	const char *html;
	int width;
	bool color, wide;
	double interval;
	bool order_given, node_given;
	struct whatif_opts whatif;	/* --what-if */
};

/* Is there a zone of node @node in what was read? */
static bool node_exists(const struct bs_status *s, int node)
{
	for (int i = 0; i < s->pz.nr; i++)
		if (s->pz.zone[i].node == node)
			return true;
	return false;
}

static int parse_args(int argc, char **argv, struct status_args *a)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },   { "interval", required_argument, NULL, 'i' },
		{ "gfp", required_argument, NULL, 'g' },    { "order", required_argument, NULL, 'O' },
		{ "node", required_argument, NULL, 'n' },   { "kernel", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },         { "help", no_argument, NULL, 'h' },
		{ "html", required_argument, NULL, 'H' },   { "what-if", required_argument, NULL, 'W' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "jk:hv", opts)) != -1) {
		switch (c) {
		case 'r': a->o.root = optarg; break;
		case 'g': a->o.gfp = optarg; break;
		case 'j': a->json = true; break;
		case 'v': a->wide = true; break;
		case 'H': a->html = optarg; break;
		case 'W':
			if (whatif_opt_add(&a->whatif, optarg) < 0)
				return -1;
			break;
		case 'h': fputs(status_usage, stdout); return 1;
		case 'k':
			if (bs_opt_kernel("status", optarg))
				return -1;
			a->o.kernel = optarg;
			break;
		case 'i':
			if (bs_opt_seconds("status", "--interval", optarg, 3600, &a->interval))
				return -1;
			break;
		case 'O':
			if (bs_opt_order("status", "--order", optarg, &a->o.order))
				return -1;
			a->order_given = true;
			break;
		case 'n':
			if (bs_opt_u64("status", "--node", optarg, 0, BS_STATUS_MAX_NODES - 1, &v))
				return -1;
			a->o.node = (int)v;
			a->node_given = true;
			break;
		default: bs_opt_bad("status", c, argv); return -1;
		}
	}
	bs_terminal_text(&a->width, &a->color);
	if (a->wide)
		a->width = -1;	/* every table whole, whatever the terminal */
	if (optind < argc) {
		bs_usage_error("status", "unexpected argument \"%s\"", argv[optind]);
		return -1;
	}
	if (a->order_given && !a->o.gfp) {
		bs_usage_error("status", "--order is the order of the --gfp request: give --gfp MASK too");
		return -1;
	}
	return 0;
}

static void sleep_seconds(double s)
{
	struct timespec ts = { (time_t)s, 0 };

	while (nanosleep(&ts, &ts) < 0)
		;
}

static int html_page(const void *s, FILE *f)
{
	return bs_status_render_html(s, f);
}

/* Read, analyse and render; @label names the snapshot when it was unpacked from an archive. */
static int run_status(struct status_args *a_, const char *label)
{
	struct status_args a = *a_;
	struct bs_status *s;
	int code, rc;

	s = bs_status_alloc();
	if (!s) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	if (bs_status_read(s, &a.o) < 0) {
		bs_err("status: nothing readable under %s (no buddyinfo, zoneinfo or vmstat)",
		       label ? label : a.o.root ? a.o.root : "/");
		bs_status_free(s);
		return BS_EXIT_PARTIAL;
	}
	if (label)
		snprintf(s->root, sizeof(s->root), "%s", label);
	if (a.node_given && s->pz.nr && !node_exists(s, a.o.node)) {
		bs_status_free(s);
		return bs_usage_error("status", "invalid --node %d: no such node in %s", a.o.node,
				      label ? label : a.o.root ? a.o.root : "this machine's zones");
	}
	if (a.interval > 0) {
		if (s->snapshot)
			bs_err("status: --interval ignored for a snapshot (one vmstat only)");
		else {
			sleep_seconds(a.interval);
			bs_status_reread_vmstat(s, a.interval);
		}
	}
	if (bs_status_analyze(s, &a.o) < 0) {
		code = bs_usage_error("status", "%s", bs_status_error(s) ? bs_status_error(s) : strerror(errno));
		bs_status_free(s);
		return code;
	}
	for (int i = 0; i < s->nr_missing; i++) {
		char text[BS_STATUS_TEXT];

		bs_err("%s", bs_status_missing_text(&s->missing[i], text, sizeof(text)));
	}
	if (a.whatif.n) {
		s->whatif = bs_status_whatif(s, &a.o, a.whatif.s, a.whatif.n);
		if (!s->whatif) {
			bs_status_free(s);
			bs_err("out of memory");
			return BS_EXIT_FAILURE;
		}
	}
	if (a.html && !strcmp(a.html, "-"))
		rc = 0;
	else
		rc = a.json ? bs_status_render_json(s, stdout) : bs_status_render_terminal(s, a.width, a.color, stdout);
	if (rc < 0 || (a.html && bs_write_page(a.html, html_page, s) < 0))
		code = BS_EXIT_FAILURE;
	else if (s->nr_missing)
		code = BS_EXIT_PARTIAL;
	else
		code = s->nr_warn ? BS_EXIT_FINDINGS : BS_EXIT_OK;
	bs_status_free(s);
	return code;
}

int cmd_status(int argc, char **argv)
{
	struct status_args a = { .o = { .node = 0 } };
	const char *archive;
	char err[512], *tmp, *root;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? BS_EXIT_OK : BS_EXIT_USAGE;
	if (!a.o.root || !bs_snapshot_archive_probe(a.o.root))
		return run_status(&a, NULL);
	/* snapshot -o FILE.tar.gz: unpacked privately, read like a directory */
	archive = a.o.root;
	root = bs_snapshot_archive_unpack(archive, &tmp, err, sizeof(err));
	if (!root) {
		bs_err("status: %s: %s", archive, err);
		return BS_EXIT_PARTIAL;
	}
	a.o.root = root;
	rc = run_status(&a, archive);
	free(root);
	if (bs_snapshot_archive_remove(tmp) < 0)
		bs_err("status: could not remove the unpacked copy of %s", archive);
	return rc;
}
