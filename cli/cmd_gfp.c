// SPDX-License-Identifier: MIT
/*
 * cmd_gfp.c - `buddyscope gfp MASK`: parse the options, ask the library
 * what the mask means on that kernel (bs_gfp_answer(), gfp_query.h) and
 * have it rendered as text or JSON (lib/render/gfp_out.c).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"
#include "render/gfp_out.h"
#include "opts.h"
#include "render/jsonw.h"

struct gfp_opts {
	bool json;
	struct bs_gfp_query q;
};

static const char gfp_usage[] =
	"usage: buddyscope gfp [OPTIONS] MASK\n"
	"\n"
	"Decode a GFP mask the way the kernel prints it (%pGg: composites first),\n"
	"list its single flags and say what it means for an allocation on that\n"
	"kernel.  MASK is a number, hex as the kernel prints it (0x104050 or\n"
	"104050; 0d prefix for decimal: 0d3264), or names (GFP_NOFS|__GFP_COMP), or\n"
	"a mix; names are encoded to the mask of that kernel.  Unknown bits are shown.\n"
	"\n"
	"options:\n"
	"  -k, --kernel VER  the kernel (3.10.0-514.el7.x86_64, 4.19.0-6-amd64, 6.1.55);\n"
	"                    default: the newest table\n"
	"  --order N         the allocation order the request is for; without it,\n"
	"                    compaction is answered per order class (0, 1-3, costly)\n"
	"                    and retry/OOM for order 0\n"
	"  --config OPT=y|n  the kernel was built with OPT (CONFIG_LOCKDEP=y, ...) where\n"
	"                    the headers make a bit depend on it; repeatable\n"
	"  -j, --json        machine-readable output\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 ok, 2 usage error (bad mask, unknown flag, bad version)\n"
	"\n"
	"examples:\n"
	"  buddyscope gfp 0x104050 --kernel 3.10.0-514.el7.x86_64 --order 5\n"
	"  buddyscope gfp 'GFP_NOFS|__GFP_COMP' --kernel 6.1.0-13-cloud-amd64\n"
	"  buddyscope gfp 0x6040c0 --kernel 4.19.0-6-amd64 --json\n";

int cmd_gfp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "order", required_argument, NULL, 'O' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gfp_opts o = { 0 };
	struct bs_gfp_answer *res;
	char err[512];
	int c, code;

	optind = 1;
	while ((c = bs_getopt(argc, argv, "jk:h", longopts)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'k':
			if (bs_opt_kernel("gfp", optarg))
				return BS_EXIT_USAGE;
			o.q.kernel = optarg;
			break;
		case 'O':
			if (bs_opt_order("gfp", "--order", optarg, &o.q.order))
				return BS_EXIT_USAGE;
			o.q.order_given = true;
			break;
		case 'c':
			if (o.q.nr_configs >= BS_GFP_QUERY_MAX_CONFIGS ||
			    strncmp(optarg, "CONFIG_", 7) != 0 ||
			    (!strstr(optarg, "=y") && !strstr(optarg, "=n"))) {
				return bs_usage_error("gfp", "invalid --config \"%s\": expected CONFIG_NAME=y "
						      "or CONFIG_NAME=n", optarg);
			}
			o.q.configs[o.q.nr_configs++] = optarg;
			break;
		case 'h':
			fputs(gfp_usage, stdout);
			return BS_EXIT_OK;
		default:
			return bs_opt_bad("gfp", c, argv);
		}
	}
	if (optind != argc - 1)
		return bs_usage_error("gfp", optind >= argc ? "missing MASK" :
				      "one MASK only (quote 'A | B' when it has spaces)");
	res = calloc(1, sizeof(*res));
	if (!res) {
		bs_err("out of memory");
		return BS_EXIT_FAILURE;
	}
	o.q.mask = argv[optind];
	if (bs_gfp_answer(&o.q, res, err, sizeof(err)) < 0) {
		free(res);
		return bs_usage_error("gfp", "%s", err);
	}
	if (o.json)
		bs_gfp_print_json(stdout, &o.q, res);
	else
		bs_gfp_print_text(stdout, &o.q, res);
	free(res);
	code = BS_EXIT_OK;
	return code;
}
