// SPDX-License-Identifier: MIT
/*
 * cmd_status.c - `buddyscope status`: fragmentation and allocation
 * headroom of the running kernel, or of a snapshot (--root DIR).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <buddyscope.h>

#include "common.h"

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
	"  --root DIR        analyse a snapshot (buddyscope snapshot -o DIR) instead\n"
	"  --interval S      read /proc/vmstat twice, S seconds apart: rates\n"
	"  --gfp MASK        also answer for this request (hex or GFP_NOFS|__GFP_COMP)\n"
	"  --order N         its order (default 0)\n"
	"  --node N          the node whose zonelist the classes use (default 0)\n"
	"  --kernel VER      take the kernel's rules for VER, not the release read\n"
	"  --json            machine-readable output\n"
	"  --html FILE       also write a self-contained HTML page with charts to FILE\n"
	"                    ('-': the page on stdout instead of the text)\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 no warnings, 3 warnings, 4 some input missing, 2 usage, 1 error\n";

struct status_args {
	struct bs_status_opts o;
	bool json;
	const char *html;
	int width;
	bool color;
	double interval;
};

static int parse_args(int argc, char **argv, struct status_args *a)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },   { "interval", required_argument, NULL, 'i' },
		{ "gfp", required_argument, NULL, 'g' },    { "order", required_argument, NULL, 'o' },
		{ "node", required_argument, NULL, 'n' },   { "kernel", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },         { "help", no_argument, NULL, 'h' },
		{ "html", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': a->o.root = optarg; break;
		case 'g': a->o.gfp = optarg; break;
		case 'k': a->o.kernel = optarg; break;
		case 'j': a->json = true; break;
		case 'H': a->html = optarg; break;
		case 'h': fputs(status_usage, stdout); return 1;
		case 'i':
			if (bs_parse_u64("--interval", optarg, 1, 3600, &v) < 0)
				return -1;
			a->interval = (double)v;
			break;
		case 'o':
			if (bs_parse_u64("--order", optarg, 0, BS_MAX_ORDERS - 1, &v) < 0)
				return -1;
			a->o.order = (unsigned)v;
			break;
		case 'n':
			if (bs_parse_u64("--node", optarg, 0, 1023, &v) < 0)
				return -1;
			a->o.node = (int)v;
			break;
		default: fputs(status_usage, stderr); return -1;
		}
	}
	bs_terminal_text(&a->width, &a->color);
	if (optind < argc) {
		bs_err("status: unexpected argument \"%s\"", argv[optind]);
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

int cmd_status(int argc, char **argv)
{
	struct status_args a = { .o = { .node = 0 } };
	struct bs_status *s;
	char err[256];
	int rc = parse_args(argc, argv, &a), code;

	if (rc)
		return rc > 0 ? BS_EXIT_OK : BS_EXIT_USAGE;
	s = bs_status_alloc();
	if (!s) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	if (bs_status_read(s, &a.o) < 0) {
		bs_err("status: nothing readable under %s (no buddyinfo, zoneinfo or vmstat)", a.o.root ? a.o.root : "/");
		bs_status_free(s);
		return BS_EXIT_FAILURE;
	}
	if (a.interval > 0) {
		if (s->snapshot)
			bs_err("status: --interval ignored for a snapshot (one vmstat only)");
		else {
			sleep_seconds(a.interval);
			bs_status_reread_vmstat(s, a.interval);
		}
	}
	if (bs_status_analyze(s, &a.o, err, sizeof(err)) < 0) {
		bs_err("invalid --gfp \"%s\": %s", a.o.gfp, err);
		bs_status_free(s);
		return BS_EXIT_USAGE;
	}
	for (int i = 0; i < s->nr_missing; i++)
		bs_err("%s", s->missing[i]);
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
