// SPDX-License-Identifier: MIT
/*
 * whatif_opt.c - `--what-if SETTING=VALUE`, parsed by the library's
 * bs_whatif_parse() and kept for the analysis (see whatif_opt.h).
 */
#include "common.h"
#include "whatif_opt.h"

int whatif_opt_add(struct whatif_opts *w, const char *arg)
{
	char err[160];

	if (w->n >= BS_MAX_WHATIF) {
		bs_err("too many --what-if settings: at most %d", BS_MAX_WHATIF);
		return -1;
	}
	if (bs_whatif_parse(arg, &w->s[w->n], err, sizeof(err)) < 0) {
		bs_err("invalid --what-if %s", err);
		return -1;
	}
	w->n++;
	return 0;
}
