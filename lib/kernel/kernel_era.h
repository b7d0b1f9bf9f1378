/* SPDX-License-Identifier: MIT */
/*
 * kernel_era.h - the one door to kernel knowledge: a kernel version (and
 * its distro) in, the era that carries both its GFP table and its
 * allocator rules out.
 *
 * Everything that needs to know how a kernel decodes a mask or decides an
 * allocation asks bs_kernel_era() once and keeps the answer; the GFP
 * keying (bs_kver_gfp_table(), gfp.h) and the rules keying
 * (bs_rules_for(), rules.h) are its two halves.
 */
#ifndef BS_KERNEL_ERA_H
#define BS_KERNEL_ERA_H

#include <stdbool.h>

#include "kernel/gfp.h"
#include "kernel/kversion.h"
#include "kernel/rules.h"

struct bs_kernel_era {
	const struct bs_gfp_table *gfp;	/* the GFP layout of that kernel */
	bool gfp_exact;			/* a table keys this version, not the nearest */
	const struct bs_rules *rules;	/* its allocator rules */
	bool rules_hold;		/* the era's own range holds the version (else nearest) */
};

/*
 * Resolve @v into @e.  Returns 0, or -1 with errno EINVAL when @v is NULL
 * or was not parsed (major <= 0); @e is then zeroed.
 */
int bs_kernel_era(const struct bs_kver *v, struct bs_kernel_era *e);

/*
 * The newest upstream series the knowledge has a GFP table for, as a
 * version with its stable release unknown (sublevel -1, so its table is
 * not "exact").  What callers assume when no version can be read; they
 * say so.
 */
void bs_kernel_newest(struct bs_kver *v);

#endif
