// SPDX-License-Identifier: MIT
/*
 * cmd_gfp.c - `buddyscope gfp MASK`: parse the options, ask the library
 * what the mask means on that kernel (bs_gfp_answer(), gfp_query.h) and
 * have it rendered as text or JSON (lib/render/gfp_out.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <buddyscope.h>

#include "common.h"
#include "kernel/kernel_era.h"
#include "kernel/kversion.h"
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
	"  --list-kernels    print a --kernel value for each kernel whose GFP table is\n"
	"                    known, oldest first, and exit (shell completion uses it)\n"
	"  -h, --help        this help\n"
	"\n"
	"exit status: 0 ok, 2 usage error (bad mask, unknown flag, bad version)\n"
	"\n"
	"examples:\n"
	"  buddyscope gfp 0x104050 --kernel 3.10.0-514.el7.x86_64 --order 5\n"
	"  buddyscope gfp 'GFP_NOFS|__GFP_COMP' --kernel 6.1.0-13-cloud-amd64\n"
	"  buddyscope gfp 0x6040c0 --kernel 4.19.0-6-amd64 --json\n";

/* Whether --kernel @v selects table @t (the version parsed and keyed as every command does). */
static bool selects(const char *v, const struct bs_gfp_table *t)
{
	struct bs_kver kv;
	struct bs_kernel_era era;

	return bs_kver_parse(v, strlen(v), &kv) == 0 && bs_kernel_era(&kv, &era) == 0 && era.gfp &&
	       !strcmp(era.gfp->id, t->id);
}

/*
 * One --kernel value per known table that keys back to it: its id when
 * that does ("4.4"), else the release its headers were read at, from its
 * tag ("v4.14.177", "kernel-3.10.0-514.el7"): "4.14" alone means the
 * newest 4.14 table.  Config variants of one id are one line.
 */
static int list_kernels(void)
{
	size_t n;
	const struct bs_gfp_table *const *all = bs_gfp_tables(&n);
	char prev[64] = "", v[64];

	for (size_t i = 0; i < n; i++) {
		const struct bs_gfp_table *t = all[i];
		const char *tag = t->tag ? t->tag : "";

		if (!strncmp(tag, "kernel-", 7))
			tag += 7;
		else if (tag[0] == 'v')
			tag++;
		if (selects(t->id, t))
			snprintf(v, sizeof(v), "%s", t->id);
		else if (selects(tag, t))
			snprintf(v, sizeof(v), "%s", tag);
		else
			continue;	/* no version string is known to select it */
		if (strcmp(v, prev))
			printf("%s\n", v);
		snprintf(prev, sizeof(prev), "%s", v);
	}
	return bs_finish_output(BS_EXIT_OK);
}

int cmd_gfp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "order", required_argument, NULL, 'O' },
		{ "config", required_argument, NULL, 'c' },
		{ "list-kernels", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gfp_opts o = { 0 };
	struct bs_gfp_answer *res;
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
		case 'L':
			return list_kernels();
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
	if (bs_gfp_answer(&o.q, res) < 0) {
		code = bs_usage_error("gfp", "%s", bs_gfp_answer_error(res) ? bs_gfp_answer_error(res) : strerror(errno));
		free(res);
		return code;
	}
	if (o.json)
		bs_gfp_print_json(stdout, &o.q, res);
	else
		bs_gfp_print_text(stdout, &o.q, res);
	free(res);
	code = BS_EXIT_OK;
	return code;
}
