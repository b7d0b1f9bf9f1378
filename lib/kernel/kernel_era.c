// SPDX-License-Identifier: MIT
/*
 * kernel_era.c - a kernel version resolved to its era: GFP table and
 * allocator rules together, so no caller pairs them differently.
 */
#include "kernel/kernel_era.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int bs_kernel_era(const struct bs_kver *v, struct bs_kernel_era *e)
{
	memset(e, 0, sizeof(*e));
	if (!v || v->major <= 0) {
		errno = EINVAL;
		return -1;
	}
	e->gfp = bs_kver_gfp_table(v, &e->gfp_exact);
	e->rules = bs_rules_for(v);
	e->rules_hold = bs_rules_holds(e->rules, v);
	if (!e->gfp || !e->rules) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void bs_kernel_newest(struct bs_kver *v)
{
	const struct bs_gfp_table *best = bs_gfp_newest_table();

	memset(v, 0, sizeof(*v));
	v->major = best->major;
	v->minor = best->minor;
	v->sublevel = -1;	/* assumed, so no table is exact for it */
	v->distro = BS_DISTRO_NONE;
	v->distro_release = v->distro_major = -1;
	snprintf(v->raw, sizeof(v->raw), "%d.%d", v->major, v->minor);
}
