// SPDX-License-Identifier: MIT
/*
 * status_names.c - names status's renderers put on its numbers: the zone
 * a lowmem_reserve ("protection") entry is for.
 */
#include <string.h>

#include "analysis/status.h"

const char *bs_status_zone_idx_name(const struct bs_status *s, int node, int idx)
{
	for (int i = 0; i < s->nr_z; i++)
		if (s->z[i].pz->node == node && s->z[i].zone_idx == idx)
			return s->z[i].pz->name;
	/* an unpopulated zone: zoneinfo lists it in index order (4.12 on) */
	for (int j = 0; j < s->pz.nr; j++)
		if (s->pz.zone[j].node == node && s->pz.zone[j].zoneinfo_pos == idx)
			return s->pz.zone[j].name;
	return NULL;
}
