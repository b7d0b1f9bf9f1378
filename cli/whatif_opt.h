/* SPDX-License-Identifier: MIT */
/*
 * whatif_opt.h - the repeatable `--what-if SETTING=VALUE` option that
 * explain and status share: parsed once here, replayed by the library.
 */
#ifndef BS_CLI_WHATIF_OPT_H
#define BS_CLI_WHATIF_OPT_H

#include "analysis/whatif.h"

struct whatif_opts {
	struct bs_whatif_setting s[BS_MAX_WHATIF];
	int n;
};

/* Add --what-if @arg to @w; 0, or -1 after a message (bad setting, too many). */
int whatif_opt_add(struct whatif_opts *w, const char *arg);

/* The usage lines both subcommands print. */
#define WHATIF_USAGE \
	"  --what-if SETTING=VALUE  replay the zones under another setting (repeatable, 8):\n" \
	"                        rule=ERA (4.4, 5.10.100 ...), vm.min_free_kbytes=N,\n" \
	"                        vm.watermark_scale_factor=N, vm.lowmem_reserve_ratio=\"A B C\",\n" \
	"                        vm.extfrag_threshold=N, compact\n"

#endif
